import Foundation
import Testing
import TautCore
@testable import TautFiles

let scenarioText = """
name: s
model: tiny.yaml
cases:
  - name: base
  - name: short
    changes:
      - {muscle: a, rest_length_scale: 0.5}
  - name: restored
    from: short
    changes:
      - {muscle: a, rest_length_scale: 1.0}
      - {group: retractors, activation: 0.3}
"""

func scenario(_ text: String) throws -> Scenario {
    try ScenarioReader.parse(text, file: "s.yaml") { name in
        name == "tiny.yaml" ? try ModelReader.parse(minimalModel, file: "tiny.yaml") : nil
    }
}

@Test func scalesAreRelativeToTheModelNeverCumulative() throws {
    let s = try scenario(scenarioText)
    let base = try s.model(forCase: "base")
    let short = try s.model(forCase: "short")
    let restored = try s.model(forCase: "restored")
    guard case .spring(let b) = base.muscles[0].law, case .spring(let sh) = short.muscles[0].law,
        case .spring(let r) = restored.muscles[0].law, case .hill(let h) = restored.muscles[1].law
    else { Issue.record("laws"); return }
    #expect(sh.restLength == b.restLength * 0.5)
    #expect(r.restLength == b.restLength)
    #expect(h.activation == 0.3)
}

@Test(arguments: [
    ("      - {muscle: a, rest_length_scale: 0.5}", "      - {muscle: zz, rest_length_scale: 0.5}", "no muscle named 'zz'"),
    ("      - {muscle: a, rest_length_scale: 0.5}", "      - {group: nobody, rest_length_scale: 0.5}", "no muscle group"),
    ("      - {muscle: a, rest_length_scale: 0.5}", "      - {muscle: a, rest_length_scale: -1}", "between 0.001 and 1000"),
    ("      - {muscle: a, rest_length_scale: 0.5}", "      - {muscle: a, activation: 0.5}", "activation applies to hill"),
    ("      - {muscle: a, rest_length_scale: 0.5}", "      - {muscle: a, rest_lenght_scale: 0.5}", "unknown key"),
    ("    from: short", "    from: later", "no earlier case"),
])
func badScenariosAreNamed(old: String, new: String, message: String) throws {
    let text = scenarioText.replacingOccurrences(of: old, with: new)
    #expect(text != scenarioText)
    do {
        _ = try scenario(text)
        Issue.record("accepted \(new)")
    } catch let e as InputError {
        #expect(e.file == "s.yaml")
        #expect(e.message.contains(message), "\(e)")
        #expect(e.line != nil)
    }
}

@Test func embeddedFilesMatchTheModelsFolder() throws {
    // The build plugin embeds Models/*.yaml and Models/scenarios/*.yaml; a stale build
    // (a file added without a rebuild of the plan) would show here.
    let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Models")
    var onDisk: [String: String] = [:]
    for folder in ["", "scenarios/"] {
        let dir = models.appendingPathComponent(folder)
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".yaml") {
            onDisk[folder + name] = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
        }
    }
    let embedded = Dictionary(uniqueKeysWithValues: Catalog.entries.map { ($0.path, $0.text) })
    #expect(embedded == onDisk)
}

@Test func everyEmbeddedScenarioLoads() throws {
    #expect(!Catalog.scenarios.isEmpty)
    for entry in Catalog.scenarios {
        let s = try #require(try Catalog.scenario(named: entry.name))
        #expect(!s.cases.isEmpty)
    }
}
