import Foundation
import Testing

/// Runs the built `taut` executable (next to the test bundle in the build folder).
struct Taut {
    static let executable: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("taut")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/taut")
    }()

    static func run(_ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        if let directory { p.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}

func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("taut-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

@Test func solvesAnEmbeddedScenarioFromAnyDirectory() throws {
    let r = try Taut.run(["solve", "planar-tight-pec-minor", "--format", "json"], in: URL(fileURLWithPath: "/"))
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("\"scenario\": \"planar-tight-pec-minor\""))
}

@Test func badInputExitsWithTwoAndNamesTheFile() throws {
    let dir = try temporaryDirectory()
    let bad = dir.appendingPathComponent("bad.yaml")
    try "name: x\nmuscles: []\nscapula: {mass: 1}\nwrong_key: 3\n".write(to: bad, atomically: true, encoding: .utf8)
    let r = try Taut.run(["solve", bad.path])
    #expect(r.status == 2)
    #expect(r.stderr.contains("bad.yaml:4") && r.stderr.contains("wrong_key"), "\(r.stderr)")
    #expect(r.stdout.isEmpty)
    let check = try Taut.run(["check", bad.path])
    #expect(check.status == 2)
    let missing = try Taut.run(["solve", dir.appendingPathComponent("nope.yaml").path])
    #expect(missing.status == 2 && missing.stderr.contains("nope.yaml"))
}

@Test func aModelWithoutEquilibriumExitsWithOneAndStillPrints() throws {
    let dir = try temporaryDirectory()
    let file = dir.appendingPathComponent("loose.yaml")
    try """
    name: loose
    scapula:
      mass: 1
      center_of_mass: [0, 0, 0]
      reference_pose: {position: [0, 0, 0], orientation_deg: {protraction: 0, lateral_rotation: 0, posterior_tilt: 0}}
    muscles:
      - {name: m, group: g, law: spring, stiffness: 10, rest_length: 1, path: [{body: thorax, point: [0, 1, 0]}, {body: scapula, point: [0, 0, 0]}]}
    """.write(to: file, atomically: true, encoding: .utf8)
    let r = try Taut.run(["solve", file.path])
    #expect(r.status == 1)
    #expect(r.stdout.contains("no equilibrium"))
    #expect(r.stderr.contains("under-constrained"))
}

@Test func outputFileIsWrittenWhole() throws {
    let dir = try temporaryDirectory()
    let out = dir.appendingPathComponent("report.csv")
    let r = try Taut.run(["solve", "planar-tight-pec-minor", "--format", "csv", "--output", out.path])
    #expect(r.status == 0)
    #expect(r.stdout.isEmpty)
    let text = try String(contentsOf: out, encoding: .utf8)
    #expect(text.hasPrefix("case,") && text.hasSuffix("\n"))
    // An unwritable destination is an input error, and leaves nothing behind.
    let blocked = dir.appendingPathComponent("no-such-dir/report.csv")
    let w = try Taut.run(["solve", "planar-tight-pec-minor", "--output", blocked.path])
    #expect(w.status == 2)
    #expect(!FileManager.default.fileExists(atPath: blocked.path))
}

@Test func modelsListsEmbeddedFiles() throws {
    let r = try Taut.run(["models"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("planar-teaching") && r.stdout.contains("planar-tight-pec-minor"))
}

@Test func aScenarioNamesItsModelRelativeToItself() throws {
    let dir = try temporaryDirectory()
    let sub = dir.appendingPathComponent("models")
    try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
    let model = try Taut.run(["export", "planar-teaching"])
    #expect(model.status == 0)
    try model.stdout.write(to: sub.appendingPathComponent("teach.json"), atomically: true, encoding: .utf8)
    try """
    name: relative
    model: models/teach.json
    cases:
      - name: base
      - name: short
        changes: [{muscle: pectoralis_minor, rest_length_scale: 0.9}]
    """.write(to: dir.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
    // Run from elsewhere: the model path is relative to the scenario file, not the cwd.
    let r = try Taut.run(["solve", dir.appendingPathComponent("s.yaml").path, "--format", "json"], in: URL(fileURLWithPath: "/"))
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("\"model\": \"planar-teaching\"") && r.stdout.contains("\"name\": \"short\""))
}
