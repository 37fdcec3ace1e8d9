import Foundation
import Testing
import TautCore
@testable import TautFiles

/// A minimal valid model file, varied by the tests below.
let minimalModel = """
name: tiny
gravity: [0, 0, 0]
scapula:
  mass: 0.5
  center_of_mass: [0, 0, 0]
  reference_pose:
    position: [0, 0, 0]
    orientation_deg: {protraction: 10, lateral_rotation: 5, posterior_tilt: -3}
constraints:
  - {name: pin, type: point, body_point: [0, 0, 0]}
muscles:
  - name: a
    group: protractors
    law: spring
    stiffness: 100
    rest_length_scale: 0.9
    path:
      - {body: thorax, point: [0.1, 0, 0]}
      - {body: scapula, point: [0, 0.05, 0]}
  - name: b
    group: retractors
    law: hill
    max_isometric_force: 200
    optimal_fiber_length: 0.08
    tendon_slack_length: 0.02
    activation: 0.1
    path:
      - {body: thorax, point: [-0.1, 0, 0]}
      - {body: scapula, point: [0, -0.05, 0]}
report: {taut_strain: 0.2}
"""

@Test func readsEveryField() throws {
    let m = try ModelReader.parse(minimalModel, file: "tiny.yaml")
    #expect(m.name == "tiny")
    #expect(m.muscles.count == 2)
    #expect(m.tautStrain == 0.2)
    let angles = ISBAngles(m.scapula.referencePose.rotation)
    #expect(abs(angles.protraction - 10) < 1e-12 && abs(angles.lateralRotation - 5) < 1e-12 && abs(angles.posteriorTilt + 3) < 1e-12)
    // rest_length_scale is relative to the length at the reference pose.
    guard case .spring(let s) = m.muscles[0].law else { Issue.record("not a spring"); return }
    #expect(abs(s.restLength - 0.9 * m.muscles[0].length(at: m.scapula.referencePose)) < 1e-15)
    // A point constraint's ground point defaults to the body point at the reference pose.
    guard case .point(let g) = m.constraints[0].kind else { Issue.record("not a point"); return }
    #expect(g == m.scapula.referencePose.transform(.zero))
}

/// Replaces the first occurrence of `old` in the minimal model.
func variant(_ old: String, _ new: String) -> String {
    precondition(minimalModel.contains(old), old)
    return minimalModel.replacingOccurrences(of: old, with: new)
}

/// The line (1-based) of the last occurrence of `needle`.
func lineOf(_ needle: String, in text: String) -> Int {
    text.split(separator: "\n", omittingEmptySubsequences: false).lastIndex { $0.contains(needle) }! + 1
}

@Test(arguments: [
    // (old, new, expected key fragment, message fragment, line marker)
    ("    stiffness: 100", "    stiffnes: 100", "muscles[0] (a).stiffnes", "unknown key", "stiffnes"),
    ("    stiffness: 100", "    stiffness: -100", "muscles[0] (a).stiffness", "0 or between 0.001 and 1e+07 N/m (not -100)", "stiffness: -100"),
    ("    stiffness: 100", "    stiffness: .nan", "muscles[0] (a).stiffness", "finite", "stiffness: .nan"),
    ("  - name: b", "  - name: a", "muscles[1].name", "duplicate", "  - name: a\n    group: retractors"),
    ("      - {body: scapula, point: [0, 0.05, 0]}", "      - {body: thorax, point: [0.1, 0, 0] }\n      - {body: scapula, point: [0, 0.05, 0]}", "muscles[0] (a).path[1]", "coincides", "point: [0.1, 0, 0] }"),
    ("  mass: 0.5", "  mass: 0", "scapula.mass", "between 1e-06 and 100 kg", "mass: 0"),
    ("    activation: 0.1", "    activation: 1.5", "muscles[1] (b).activation", "between 0 and 1", "activation: 1.5"),
    ("    law: hill", "    law: rubber", "muscles[1] (b).law", "unknown law", "law: rubber"),
    ("      - {body: thorax, point: [-0.1, 0, 0]}", "      - {body: humerus, point: [-0.1, 0, 0]}", "muscles[1] (b).path[0].body", "unknown body", "humerus"),
    ("  - {name: pin, type: point, body_point: [0, 0, 0]}", "  - {name: pin, type: point, body_point: [0, 0], }", "constraints[0] (pin).body_point", "3 numbers", "name: pin"),
    ("  - {name: pin, type: point, body_point: [0, 0, 0]}", "  - {name: pin, type: point, body_point: [0, 0, 0], radii: [1, 1, 1]}", "constraints[0] (pin).radii", "does not apply", "name: pin"),
    // The engine's field path is followed key by key, so a landmark name with dots and
    // parentheses is located at its own line.
    ("    orientation_deg: {protraction: 10, lateral_rotation: 5, posterior_tilt: -3}", "    orientation_deg: {protraction: 10, lateral_rotation: 5, posterior_tilt: -3}\n  landmarks:\n    ok: [0, 0, 0]\n    \"tip.v2 (old)\": [0, 0, 1e300]", "scapula.landmarks.tip.v2 (old)", "must lie", "tip.v2"),
])
func badInputNamesFileLineAndKey(old: String, new: String, key: String, message: String, marker: String) throws {
    let text = variant(old, new)
    do {
        _ = try ModelReader.parse(text, file: "bad.yaml")
        Issue.record("accepted: \(new)")
    } catch let e as InputError {
        #expect(e.file == "bad.yaml")
        #expect(e.key?.contains(key) == true, "key \(e.key ?? "nil") should contain \(key)")
        #expect(e.message.contains(message), "message: \(e.message)")
        let markerLine = lineOf(marker.components(separatedBy: "\n")[0], in: text)
        #expect(e.line == markerLine, "line \(e.line ?? -1) should be \(markerLine): \(e)")
    }
}

@Test func missingKeyIsNamed() throws {
    let text = variant("  mass: 0.5\n", "")
    #expect {
        try ModelReader.parse(text, file: "m.yaml")
    } throws: { error in
        guard let e = error as? InputError else { return false }
        return e.key == "scapula.mass" && e.message.contains("missing")
    }
}

@Test func invalidYAMLNamesTheLine() throws {
    let text = "name: x\nscapula: [1, 2\nmuscles: []\n"
    #expect {
        try ModelReader.parse(text, file: "broken.yaml")
    } throws: { error in
        guard let e = error as? InputError else { return false }
        return e.file == "broken.yaml" && e.line != nil && e.message.contains("YAML")
    }
}

@Test func jsonIsAcceptedToo() throws {
    let m = try ModelReader.parse(minimalModel, file: "tiny.yaml")
    let json = """
    {"name": "tiny", "gravity": [0, 0, 0],
     "scapula": {"mass": 0.5, "center_of_mass": [0, 0, 0],
                 "reference_pose": {"position": [0, 0, 0], "orientation_deg": {"protraction": 10, "lateral_rotation": 5, "posterior_tilt": -3}}},
     "constraints": [{"name": "pin", "type": "point", "body_point": [0, 0, 0]}],
     "muscles": [
       {"name": "a", "group": "protractors", "law": "spring", "stiffness": 100, "rest_length_scale": 0.9,
        "path": [{"body": "thorax", "point": [0.1, 0, 0]}, {"body": "scapula", "point": [0, 0.05, 0]}]},
       {"name": "b", "group": "retractors", "law": "hill", "max_isometric_force": 200, "optimal_fiber_length": 0.08,
        "tendon_slack_length": 0.02, "activation": 0.1,
        "path": [{"body": "thorax", "point": [-0.1, 0, 0]}, {"body": "scapula", "point": [0, -0.05, 0]}]}],
     "report": {"taut_strain": 0.2}}
    """
    #expect(try ModelReader.parse(json, file: "tiny.json") == m)
}

@Test func writerRoundTrips() throws {
    for entry in Catalog.models {
        let m = try ModelReader.parse(entry.text, file: entry.path)
        let text = ModelWriter.yaml(m, header: ["round trip"], comments: [m.muscles[0].name: ["first muscle"]])
        let back = try ModelReader.parse(text, file: "written.yaml")
        #expect(back.muscles == m.muscles, "\(entry.name)")
        #expect(back.constraints == m.constraints)
        #expect(back.loads == m.loads)
        #expect(back.scapula.mass == m.scapula.mass && back.scapula.landmarks == m.scapula.landmarks)
        let d = back.scapula.referencePose.difference(to: m.scapula.referencePose)
        #expect(d.translation.length < 1e-15 && d.rotation.length < 1e-12)
    }
}

@Test func emptyBinaryAndAliasBombFilesAreRejectedQuickly() throws {
    func inputError(_ text: String) -> InputError? {
        do {
            _ = try ModelReader.parse(text, file: "f.yaml")
            return nil
        } catch {
            return error as? InputError
        }
    }
    #expect(inputError("")?.message.contains("empty") == true)
    #expect(inputError("   \n# only a comment\n")?.message.contains("empty") == true)
    // Nine levels of ten aliases each would be 10⁹ nodes if expanded; the reader walks
    // only what the format allows, so it fails at once with the offending key.
    var bomb = variant("muscles:\n", "loads:\n  - &x0 [a, a, a, a, a, a, a, a, a, a]\n")
    bomb = String(bomb[..<bomb.range(of: "  - name: a")!.lowerBound])
    for k in 1...9 { bomb += "  - &x\(k) [" + Array(repeating: "*x\(k - 1)", count: 10).joined(separator: ", ") + "]\n" }
    bomb = bomb.replacingOccurrences(of: "report: {taut_strain: 0.2}", with: "") + "muscles: *x9\n"
    let e = inputError(bomb)
    #expect(e?.key == "muscles[0]" && e?.message.contains("mapping") == true, "\(String(describing: e))")
    // Binary content: the file reader refuses it as not UTF-8 text.
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("taut-binary-\(UUID().uuidString).yaml")
    try Data([0xff, 0xfe, 0x00, 0x9c, 0x80, 0x81]).write(to: url)
    #expect {
        try ModelReader.load(path: url.path)
    } throws: { error in
        (error as? InputError)?.message.contains("UTF-8") == true
    }
}
