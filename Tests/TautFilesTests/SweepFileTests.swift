import Foundation
import Testing
import TautCore
@testable import TautFiles

/// The `sweep` section of scenario files, sweep rows and the resume check.
@Suite struct SweepFileTests {
    static func load(_ sweep: String) throws -> Scenario {
        let text = """
        name: s
        model: planar-teaching
        cases:
          - name: healthy
          - name: short
            changes:
              - {muscle: pectoralis_minor, rest_length_scale: 0.85}
        \(sweep)
        """
        return try ScenarioReader.parse(text, file: "s.yaml", resolveModel: Catalog.model(named:))
    }

    @Test func theSweepSectionIsReadOntoTheScenario() throws {
        let s = try Self.load("""
            sweep:
              case: short
              axes:
                - {muscle: pectoralis_minor, parameter: rest_length_scale, from: 0.7, to: 1.0, steps: 31}
                - {group: retractors, parameter: stiffness_scale, from: 0.5, to: 2, steps: 4}
                - {muscle: protractors, parameter: stiffness_scale, from: 1, to: 1, steps: 1}
            """)
        let sweep = try #require(s.sweep)
        #expect(sweep.caseName == "short")
        #expect(sweep.axes == [
            SweepAxis(.muscle("pectoralis_minor"), .restLengthScale, from: 0.7, to: 1.0, steps: 31),
            SweepAxis(.group("retractors"), .stiffnessScale, from: 0.5, to: 2, steps: 4),
            // A group name may stand for a muscle.
            SweepAxis(.group("protractors"), .stiffnessScale, from: 1, to: 1, steps: 1),
        ])
        #expect(try Self.load("").sweep == nil)
        #expect(try Self.load("sweep:\n  axes:\n    - {muscle: rhomboids, parameter: stiffness_scale, from: 1, to: 2, steps: 2}").sweep?.caseName == nil)
    }

    @Test(arguments: [
        ("sweep:\n  axes:\n    - {parameter: activation, from: 0, to: 1, steps: 2}", 10, "exactly one of muscle, group"),
        ("sweep:\n  axes:\n    - {muscle: rhomboids, parameter: stiffness_scale, from: 0, steps: 2}", 10, "missing required key 'to'"),
        ("sweep:\n  axes:\n    - {muscle: rhomboids, parameter: stiffness_scale, from: 0, to: .inf, steps: 2}", 10, "must be a finite number"),
        ("sweep:\n  axes:\n    - {muscle: rhomboids, parameter: stiffness_scale, from: 0, to: 1, steps: 1.5}", 10, "whole number"),
        ("sweep:\n  axes:\n    - {muscle: rhomboids, parameter: rest_length_scale, from: -1, to: 1, steps: 3}", 10, "rest_length_scale must be between 0.001 and 1000"),
        ("sweep:\n  axes:\n    - {muscle: rhomboids, parameter: rest_length_scale, from: 1, to: 2, steps: 2}\n    - {muscle: rhomboids, parameter: rest_length_scale, from: 1, to: 3, steps: 2}", 11, "twice"),
        ("sweep:\n  axes: 3", 9, "expected a list"),
        ("sweep: [1]", 8, "expected a mapping"),
    ] as [(String, Int, String)])
    func badSweepSectionsAreLocated(_ sweep: String, _ line: Int, _ message: String) throws {
        do {
            _ = try Self.load(sweep)
            Issue.record("accepted")
        } catch let e as InputError {
            #expect(e.file == "s.yaml" && e.line == line, "\(e)")
            #expect(e.description.contains(message), "\(e)")
        }
    }

    @Test func rowsAndTheResumeCheck() throws {
        let scenario = try Self.load("")
        let problem = try SweepProblem(
            scenario: scenario, axes: [SweepAxis(.muscle("pectoralis_minor"), .restLengthScale, from: 0.5, to: 1.0, steps: 3)])
        let table = SweepTable(problem: problem, format: .csv)
        #expect(table.prefix(ofRow: 1) == "0.75,")
        #expect(SweepTable(problem: problem, format: .jsonl).prefix(ofRow: 2) == "{\"pectoralis_minor.rest_length_scale\":1.0,")
        #expect(SweepTable(problem: problem, format: .jsonl).header == nil)
        let walker = try SweepWalker(problem: problem)
        let rows = table.rows(walker.solve(points: 0..<3))
        #expect(table.rows(walker.solve(points: 0..<3), from: 1) == rows.split(separator: "\n").dropFirst().map { $0 + "\n" }.joined())
        let full = table.header! + rows
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("taut-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("s.csv").path
        func state(_ text: String, header: Bool = true) throws -> SweepResume.State {
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            return try SweepResume.check(path: file, table: table, header: header ? table.header : nil, points: 0..<3)
        }
        let lines = full.split(separator: "\n").map { String($0) + "\n" }
        #expect(try state(full) == SweepResume.State(keptBytes: full.utf8.count, hasHeader: true, rows: 3))
        let cut = lines[0] + lines[1] + lines[2].prefix(9)
        #expect(try state(cut) == SweepResume.State(keptBytes: (lines[0] + lines[1]).utf8.count, hasHeader: true, rows: 1))
        #expect(try state("") == SweepResume.State(keptBytes: 0, hasHeader: false, rows: 0))
        #expect(try state(String(lines[0].prefix(5))) == SweepResume.State(keptBytes: 0, hasHeader: false, rows: 0))
        #expect(throws: InputError.self) { try state("x\n") }
        #expect(throws: InputError.self) { try state(lines[0] + lines[2]) }
        #expect(throws: InputError.self) { try state(full + lines[3]) }
        #expect(throws: InputError.self) { try state(full, header: false) }
    }
}
