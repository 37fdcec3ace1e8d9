import Foundation
import Testing

/// Issue 10, section 2: extreme but well-formed input. Each class gives exit 2 with one
/// short line naming file, line and key (never inf or nan, never the input echoed), or a
/// named failure with finite numbers only.
@Suite struct ExtremeInputTests {
    static let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Models")
    static let teaching = try! String(contentsOf: models.appendingPathComponent("planar-teaching.yaml"), encoding: .utf8)
    static let shoulder = try! String(contentsOf: models.appendingPathComponent("shoulder-girdle.yaml"), encoding: .utf8)

    /// `inf`, `nan` or `infinity` as a word (a number), in any case.
    static func hasNonFinite(_ text: String) -> Bool {
        text.range(of: #"(?i)(^|[^a-z_])[-+]?\.?(inf|infinity|nan)([^a-z_]|$)"#, options: .regularExpression) != nil
    }

    /// The line (1-based) of the first line of `text` containing `needle`.
    static func line(of needle: String, in text: String) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) }! + 1
    }

    /// Writes `text` to a fresh file named `name`, runs `taut ARGS FILE`, and checks the
    /// bad-input contract: exit 2, nothing on stdout, one line on stderr of at most 300
    /// characters past the file name, with `file:line:` and `key`, and no inf or nan.
    @discardableResult
    static func rejects(
        _ text: String, name: String = "bad.yaml", command: [String] = ["solve"], extra: [String] = [], line: Int?, key: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return try rejects(file: file, command: command, extra: extra, line: line, key: key, sourceLocation: sourceLocation)
    }

    @discardableResult
    static func rejects(
        file: URL, command: [String] = ["solve"], extra: [String] = [], line: Int?, key: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let r = try Taut.run(command + [file.path] + extra)
        #expect(r.status == 2, "\(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stdout.isEmpty, sourceLocation: sourceLocation)
        let message = r.stderr.hasSuffix("\n") ? String(r.stderr.dropLast()) : r.stderr
        #expect(!message.contains("\n"), "one line: \(message.prefix(500))", sourceLocation: sourceLocation)
        #expect(message.count <= 300 + file.path.count, "bounded: \(message.count) characters", sourceLocation: sourceLocation)
        let location = line.map { "\(file.path):\($0): " } ?? "\(file.path)"
        #expect(message.contains(location), "\(location) in \(message)", sourceLocation: sourceLocation)
        #expect(message.contains(key), "key \(key) in \(message)", sourceLocation: sourceLocation)
        #expect(!hasNonFinite(message), "\(message)", sourceLocation: sourceLocation)
        return message
    }

    static func replacing(_ text: String, _ old: String, _ new: String) -> String {
        precondition(text.contains(old), old)
        return text.replacingOccurrences(of: old, with: new)
    }

    // MARK: Magnitudes far outside physics

    @Test(arguments: [
        ("    stiffness: 600\n", "    stiffness: 1e300\n", "muscles[0] (pectoralis_minor).stiffness", "1e+07 N/m"),
        ("  mass: 0.5", "  mass: 1e300", "scapula.mass", "100 kg"),
        ("    rest_length_scale: 0.8\n    path:\n      - {body: thorax, point: [-0.06, 0, 0.24]}\n      - {body: scapula, point: [0, 0, 0.02]}",
         "    rest_length: 1e-300\n    path:\n      - {body: thorax, point: [-0.06, 0, 0.24]}\n      - {body: scapula, point: [0, 0, 0.02]}",
         "muscles[1] (serratus_anterior).rest_length", "between 1e-06 and 10 m"),
        ("    rest_length_scale: 0.8\n    path:\n      - {body: thorax, point: [-0.06, 0, 0.24]}\n      - {body: scapula, point: [0, 0, 0.02]}",
         "    rest_length: 1e-320\n    path:\n      - {body: thorax, point: [-0.06, 0, 0.24]}\n      - {body: scapula, point: [0, 0, 0.02]}",
         "muscles[1] (serratus_anterior).rest_length", "between 1e-06 and 10 m"),
        ("    rest_length_scale: 0.8\n    path:\n      - {body: thorax, point: [-0.06, 0, 0.24]}\n      - {body: scapula, point: [0, 0, 0.02]}",
         "    rest_length: 2.2e-308\n    path:\n      - {body: thorax, point: [-0.06, 0, 0.24]}\n      - {body: scapula, point: [0, 0, 0.02]}",
         "muscles[1] (serratus_anterior).rest_length", "between 1e-06 and 10 m"),
        ("    rest_length_scale: 0.8\n    path:\n      - {body: thorax, point: [-0.06, 0, 0.24]}\n      - {body: scapula, point: [0, 0, 0.02]}",
         "    rest_length_scale: 1e-9\n    path:\n      - {body: thorax, point: [-0.06, 0, 0.24]}\n      - {body: scapula, point: [0, 0, 0.02]}",
         "muscles[1] (serratus_anterior).rest_length_scale", "between 0.001 and 1000"),
        ("    position: [-0.06, 0, 0.10]", "    position: [-3, 0, 0.10]", "scapula.reference_pose.position", "1 m from the thorax origin"),
        ("gravity: [0, 0, 0]", "gravity: [0, -1e300, 0]", "gravity", "100 m/s²"),
        ("    TS: [0, 0, -0.06]", "    TS: [0, 0, -1e300]", "scapula.landmarks.TS", "10 m"),
        ("      - {body: scapula, point: [0, -0.02, -0.06]}", "      - {body: scapula, point: [0, -1e300, -0.06]}",
         "muscles[2] (rhomboids).path[1].point", "10 m"),
        ("report: {taut_strain: 0.27}", "report: {taut_strain: 1e300}", "report.taut_strain", "between 0 and 10"),
    ] as [(String, String, String, String)])
    func teachingModelMagnitudes(_ old: String, _ new: String, _ key: String, _ range: String) throws {
        let text = Self.replacing(Self.teaching, old, new)
        let firstNewLine = new.split(separator: "\n")[0]
        let message = try Self.rejects(text, line: Self.line(of: String(firstNewLine), in: text), key: key)
        #expect(message.contains(range), "\(message)")
    }

    @Test(arguments: [
        ("    max_isometric_force: 1043\n", "    max_isometric_force: 1e300\n", "muscles[0] (upper_trapezius).max_isometric_force", "100000 N (not 1e+300)"),
        ("    optimal_fiber_length: 0.1127\n", "    optimal_fiber_length: 1e-300\n", "muscles[0] (upper_trapezius).optimal_fiber_length", "1e-06"),
        ("    tendon_slack_length: 0.030081053\n", "    tendon_slack_length: 1e300\n", "muscles[0] (upper_trapezius).tendon_slack_length", "between 0 and 10 m"),
        // A fibre far past its optimal length at the reference pose: the passive curve would overflow.
        ("    optimal_fiber_length: 0.1127\n", "    optimal_fiber_length: 0.001\n", "muscles[0] (upper_trapezius).optimal_fiber_length", "at most 3"),
        ("    radii: [0.127927719415, 0.308248478553, 0.127927719415]", "    radii: [1e-300, 0.308248478553, 0.127927719415]",
         "constraints[1] (ts_glide).radii", "between 1e-06 and 10 m"),
        ("    length: 0.125206379963", "    length: 1e300", "constraints[0] (clavicle).length", "between 1e-06 and 10 m"),
        ("  mass: 0.5015988674998522", "  mass: 2.2e-308", "scapula.mass", "between 1e-06 and 100 kg"),
    ] as [(String, String, String, String)])
    func shoulderModelMagnitudes(_ old: String, _ new: String, _ key: String, _ range: String) throws {
        let text = Self.replacing(Self.shoulder, old, new)
        let message = try Self.rejects(text, line: Self.line(of: String(new.split(separator: "\n")[0]), in: text), key: key)
        #expect(message.contains(range), "\(message)")
    }

    @Test func anArmWeightFarOutsidePhysicsIsRejected() throws {
        let text = Self.shoulder.replacingOccurrences(
            of: #"force: \[[^\]]*\]"#, with: "force: [0, -1e300, 0]", options: .regularExpression)
        #expect(text != Self.shoulder)
        let message = try Self.rejects(text, line: Self.line(of: "force: [0, -1e300, 0]", in: text), key: "loads[0]")
        #expect(message.contains("100000 N"), "\(message)")
    }

    @Test(arguments: [
        ("{muscle: pectoralis_minor, rest_length_scale: 0.85}", "{muscle: pectoralis_minor, rest_length_scale: 1e-9}", "rest_length_scale"),
        ("{muscle: pectoralis_minor, rest_length_scale: 0.85}", "{muscle: pectoralis_minor, rest_length_scale: 2.2e-308}", "rest_length_scale"),
        ("{group: retractors, stiffness_scale: 0.5}", "{group: retractors, stiffness_scale: 1e300}", "stiffness_scale"),
        ("{group: retractors, stiffness_scale: 0.5}", "{group: retractors, stiffness_scale: 1e-320}", "stiffness_scale"),
    ] as [(String, String, String)])
    func scenarioChangesOutsideTheirRange(_ old: String, _ new: String, _ key: String) throws {
        let scenario = try String(contentsOf: Self.models.appendingPathComponent("scenarios/planar-tight-pec-minor.yaml"), encoding: .utf8)
        let text = Self.replacing(scenario, old, new)
        let message = try Self.rejects(text, line: Self.line(of: new, in: text), key: key)
        #expect(message.contains("between 0.001 and 1000"), "\(message)")
    }

    // MARK: Sweeps

    @Test(arguments: [
        "pectoralis_minor.rest_length_scale=0.7:1e308:4",
        "pectoralis_minor.rest_length_scale=-1e308:1e308:4",
        "pectoralis_minor.rest_length_scale=2.2e-308:1:4",
        "pectoralis_minor.rest_length_scale=4.9e-324:1:4",
        "retractors.stiffness_scale=1e-320:1:3",
        "retractors.stiffness_scale=1:1e300:3",
    ])
    func sweepAxesThatOverflowOrStartAtADenormalAreRefused(_ axis: String) throws {
        let r = try Taut.run(["sweep", "planar-tight-pec-minor", "--vary", axis])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("between 0.001 and 1000"), "\(r.stderr)")
        #expect(!Self.hasNonFinite(r.stderr), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.count < 300)
    }

    @Test func aGridOfIntMaxPointsIsRefusedUpFront() throws {
        for arguments in [
            ["--vary", "pectoralis_minor.rest_length_scale=0.7:1:\(Int.max)"],
            ["--vary", "pectoralis_minor.rest_length_scale=0.7:1:\(1 << 32)", "--vary", "rhomboids.stiffness_scale=0.5:1:\(1 << 32)"],
        ] {
            let started = Date()
            let r = try Taut.run(["sweep", "planar-tight-pec-minor"] + arguments)
            #expect(r.status == 2, "\(r.stderr)")
            #expect(r.stdout.isEmpty)
            #expect(r.stderr.contains("more than 2^53"), "\(r.stderr)")
            _ = started
        }
        // In a scenario's sweep section: located.
        let text = """
        name: s
        model: planar-teaching
        cases:
          - name: healthy
        sweep:
          axes:
            - {muscle: rhomboids, parameter: stiffness_scale, from: 0.5, to: 1, steps: \(Int.max)}
        """
        try Self.rejects(text, command: ["sweep"], line: 6, key: "sweep")
    }

    /// The largest grid allowed, 2^53 points: every count is exact, its last shard runs
    /// and resumes, and its rows carry the axes' end values.
    @Test func theLargestGridCountsShardsAndResumes() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("last.csv")
        let chunks = (1 << 53) / 64
        let arguments = [
            "sweep", "planar-tight-pec-minor", "--vary", "pectoralis_minor.rest_length_scale=0.8:1:\(1 << 26)",
            "--vary", "rhomboids.stiffness_scale=0.5:1:\(1 << 27)", "--shard", "\(chunks)/\(chunks)", "--output", file.path,
        ]
        let r = try Taut.run(arguments)
        #expect(r.status == 0, "\(r.stderr)")
        let full = try Data(contentsOf: file)
        let lines = String(decoding: full, as: UTF8.self).split(separator: "\n")
        #expect(lines.first?.hasSuffix(",\"shard\":\"\(chunks)/\(chunks)\"}") == true, "the record names the shard")
        let rows = lines.dropFirst(2)
        #expect(rows.count == 64, "the last chunk, after the header")
        #expect(rows.last?.hasPrefix("1.0,1.0,true,") == true, "\(rows.last ?? "")")
        #expect(rows.first?.hasPrefix("1.0,") == true)
        try full.prefix(full.count / 2).write(to: file)
        let resumed = try Taut.run(arguments + ["--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try Data(contentsOf: file) == full)
    }

    @Test func resumeRefusesAnotherCaseOrStartAndLeavesTheFileAlone() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("sweep.csv")
        let base = ["sweep", "planar-tight-pec-minor", "--vary", "pectoralis_minor.rest_length_scale=0.7:1.0:200", "--output", file.path]
        let made = try Taut.run(base)
        #expect(made.status == 0)
        let full = try Data(contentsOf: file)
        #expect(String(decoding: full.prefix(200), as: UTF8.self).hasPrefix("# taut sweep {\"scenario\":\"planar-tight-pec-minor\""))
        try full.prefix(full.count / 2).write(to: file)
        let before = try Data(contentsOf: file)
        for (extra, field) in [
            (["--case", "strong back"], "case"), (["--cold"], "starts"),
            (["--case", "short pectoralis minor (x0.85)", "--cold"], "case"),
        ] {
            let r = try Taut.run(base + extra + ["--resume"])
            #expect(r.status == 2, "\(extra): \(r.stderr)")
            #expect(r.stderr.contains("resume file from a different sweep") && r.stderr.contains(field), "\(r.stderr)")
            #expect(r.stderr.contains("\(file.path):1:"), "\(r.stderr)")
            #expect(try Data(contentsOf: file) == before, "the file is left byte for byte")
        }
        // The same run resumes to the same bytes.
        let r = try Taut.run(base + ["--resume"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Data(contentsOf: file) == full)
        // A cold sweep resumes cold.
        let cold = dir.appendingPathComponent("cold.csv")
        let coldRun = ["sweep", "planar-tight-pec-minor", "--vary", "pectoralis_minor.rest_length_scale=0.7:1.0:200", "--cold", "--output", cold.path]
        #expect(try Taut.run(coldRun).status == 0)
        let coldFull = try Data(contentsOf: cold)
        try coldFull.prefix(coldFull.count / 3).write(to: cold)
        #expect(try Taut.run(coldRun + ["--resume"]).status == 0)
        #expect(try Data(contentsOf: cold) == coldFull)
        let warm = try Taut.run(base.dropLast(2) + ["--output", cold.path, "--resume"])
        #expect(warm.status == 2 && warm.stderr.contains("starts"), "\(warm.stderr)")
        // A file from an older taut (no record line) is refused, not appended to.
        let old = dir.appendingPathComponent("old.csv")
        let text = String(decoding: full, as: UTF8.self)
        try Data(text.split(separator: "\n", maxSplits: 1)[1].prefix(3000).utf8).write(to: old)
        let oldBefore = try Data(contentsOf: old)
        let o = try Taut.run(base.dropLast(2) + ["--output", old.path, "--resume"])
        #expect(o.status == 2 && o.stderr.contains("not a record"), "\(o.stderr)")
        #expect(try Data(contentsOf: old) == oldBefore)
    }

    /// JSON lines have no header: their first rows must be what this sweep computes (a CSV
    /// shard's header record names its case and starts).
    @Test func resumeWithoutAHeaderChecksTheRows() throws {
        let dir = try temporaryDirectory()
        // Axes no case sets, so that every case gives other rows.
        let grid = ["sweep", "planar-tight-pec-minor", "--vary", "serratus_anterior.rest_length_scale=0.7:1.0:100",
                    "--vary", "rhomboids.rest_length_scale=0.9:1.1:3"]
        for (extra, name) in [(["--format", "jsonl"], "s.jsonl"), (["--shard", "2/3"], "shard2.csv"), (["--shard", "3/3", "--format", "jsonl"], "shard3.jsonl")] {
            let file = dir.appendingPathComponent(name)
            let run = grid + extra + ["--output", file.path]
            #expect(try Taut.run(run).status == 0)
            let full = try Data(contentsOf: file)
            try full.prefix(full.count * 2 / 3).write(to: file)
            let before = try Data(contentsOf: file)
            for other in [["--case", "strong back"], ["--cold"]] {
                let r = try Taut.run(run + other + ["--resume"])
                #expect(r.status == 2, "\(name) \(other): \(r.stderr)")
                #expect(r.stderr.contains("resume file from a different sweep") && r.stderr.contains("\(file.path):"), "\(r.stderr)")
                #expect(try Data(contentsOf: file) == before, "untouched")
            }
            let same = try Taut.run(run + ["--resume", "--threads", "1"])
            #expect(same.status == 0, "\(same.stderr)")
            #expect(try Data(contentsOf: file) == full, "\(name)")
        }
    }

    // MARK: Text that is not what it should be

    @Test func duplicateKeysAreNamedWithTheirLine() throws {
        let text = Self.replacing(Self.teaching, "    stiffness: 500\n", "    stiffness: 500\n    stiffness: 400\n")
        try Self.rejects(text, line: Self.line(of: "stiffness: 400", in: text), key: "muscles[1] (serratus_anterior).stiffness: duplicate key 'stiffness'")
        let landmarks = Self.replacing(Self.teaching, "    TS: [0, 0, -0.06]", "    AA: [0, 0, -0.06]")
        try Self.rejects(landmarks, line: Self.line(of: "AA: [0, 0, -0.06]", in: landmarks), key: "scapula.landmarks.AA: duplicate key 'AA'")
        let flow = Self.replacing(Self.teaching, "{body: scapula, point: [0, 0, 0.02]}", "{body: scapula, point: [0, 0, 0.02], body: thorax}")
        try Self.rejects(flow, line: Self.line(of: "body: thorax}", in: flow), key: "muscles[1] (serratus_anterior).path[1].body: duplicate key 'body'")
    }

    @Test func invalidUTF8NamesTheBytesLine() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("latin1.yaml")
        var data = Data(Self.teaching.utf8)
        let at = Self.teaching.range(of: "  - name: rhomboids")!
        let offset = Self.teaching.utf8.distance(from: Self.teaching.startIndex, to: at.lowerBound) + 4
        data[offset] = 0xE9  // é in Latin-1: not UTF-8
        try data.write(to: file)
        let message = try Self.rejects(file: file, line: Self.line(of: "  - name: rhomboids", in: Self.teaching), key: "UTF-8")
        #expect(message.contains("not UTF-8"))
    }

    @Test func controlCharactersAreNamedOnOneLine() throws {
        let text = Self.replacing(Self.teaching, "  - name: rhomboids", "  - name: rhom\u{7}boids")
        try Self.rejects(text, line: Self.line(of: "rhom\u{7}boids", in: text), key: "YAML")
        // In a quoted name, as an escape: accepted as text, but a message that quotes it stays on one line.
        let quoted = Self.replacing(Self.teaching, "    stiffness: 500\n", "    stiffness: 500\n    \"stiff\\u0007\\nness\": 1\n")
        let message = try Self.rejects(quoted, line: Self.line(of: "stiff\\u0007", in: quoted), key: "muscles[1] (serratus_anterior)")
        #expect(message.contains("\\u{7}") && message.contains("\\u{A}"), "\(message)")
    }

    @Test func aHugeLineIsNeverEchoed() throws {
        let huge = String(repeating: "x", count: 5_000_000)
        // A 5 MB unknown key, a 5 MB name value where a number belongs, a 5 MB broken scalar.
        let stiffness = Self.line(of: "    stiffness: 500", in: Self.teaching)
        let rhomboids = Self.line(of: "  - name: rhomboids", in: Self.teaching)
        for (text, line, key) in [
            // Longer than YAML's 1,024-character limit for a key.
            (Self.replacing(Self.teaching, "    stiffness: 500\n", "    \(huge): 1\n"), stiffness, "not valid YAML"),
            (Self.replacing(Self.teaching, "    stiffness: 500\n", "    stiffness: \(huge)\n"), stiffness, "muscles[1] (serratus_anterior).stiffness"),
            (Self.replacing(Self.teaching, "    stiffness: 500\n", "    stiffness: [\(huge)\n"), nil, "YAML"),
            (Self.replacing(Self.teaching, "    law: spring\n    stiffness: 600\n    rest_length_scale: 0.8\n    path:\n      - {body: thorax, point: [-0.06, -0.02, -0.06]}",
                            "    law: \(huge)\n    stiffness: 600\n    rest_length_scale: 0.8\n    path:\n      - {body: thorax, point: [-0.06, -0.02, -0.06]}"),
             rhomboids + 2, "muscles[2] (rhomboids).law"),
        ] as [(String, Int?, String)] {
            let message = try Self.rejects(text, line: line, key: key)
            #expect(message.count < 400)
        }
    }

    // MARK: Scenarios in any layout

    @Test func aScenarioInJSONOrFlowStyleIsAScenario() throws {
        let dir = try temporaryDirectory()
        let flow = dir.appendingPathComponent("flow.yaml")
        try """
        {name: x, model: planar-teaching, cases: [{name: healthy}, {name: short, changes: [{muscle: pectoralis_minor, rest_length_scale: 0.85}]}]}
        """.write(to: flow, atomically: true, encoding: .utf8)
        let json = dir.appendingPathComponent("s.json")
        try """
        {"cases": [{"name": "healthy"}, {"name": "short", "changes": [{"muscle": "pectoralis_minor", "rest_length_scale": 0.85}]}],
         "name": "x", "model": "planar-teaching"}
        """.write(to: json, atomically: true, encoding: .utf8)
        for file in [flow, json] {
            let r = try Taut.run(["solve", file.path, "--format", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("\"scenario\": \"x\"") && r.stdout.contains("\"name\": \"short\""), "\(r.stdout.prefix(300))")
            #expect(try Taut.run(["check", file.path]).stdout.contains("2 case(s)"))
        }
        // A model in flow style is still a model; a scenario that misses its model says so.
        let exported = try Taut.run(["export", "planar-teaching"])
        let model = dir.appendingPathComponent("m.json")
        try exported.stdout.write(to: model, atomically: true, encoding: .utf8)
        #expect(try Taut.run(["check", model.path]).status == 0)
        try Self.rejects("{name: x, cases: [{name: a}]}", line: 1, key: "model")
    }

    @Test func messagesNameTheMuscle() throws {
        let text = Self.replacing(Self.teaching, "      - {body: scapula, point: [0, 0, 0.02]}", "      - {body: sternum, point: [0, 0, 0.02]}")
        let message = try Self.rejects(text, line: Self.line(of: "body: sternum", in: text), key: "muscles[1] (serratus_anterior).path[1].body")
        #expect(message.contains("unknown body"))
    }

    // MARK: Failures stay finite

    /// A model that passes validation but whose solve fails: exit 1, the failure named
    /// with finite numbers only, in every format.
    @Test func aFailedSolveNamesItsFailureWithFiniteNumbers() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("loose.yaml")
        // Retractors off: nothing holds the scapula back.
        try Self.replacing(Self.replacing(Self.teaching, "    stiffness: 600\n    rest_length_scale: 0.8\n    path:\n      - {body: thorax, point: [-0.06, -0.02, -0.06]}",
                                          "    stiffness: 0\n    rest_length_scale: 0.8\n    path:\n      - {body: thorax, point: [-0.06, -0.02, -0.06]}"),
                           "    stiffness: 600\n    rest_length_scale: 0.8\n    path:\n      - {body: thorax, point: [-0.06, 0.02, -0.06]}",
                           "    stiffness: 0\n    rest_length_scale: 0.8\n    path:\n      - {body: thorax, point: [-0.06, 0.02, -0.06]}")
            .write(to: file, atomically: true, encoding: .utf8)
        for format in ["table", "markdown", "csv", "json"] {
            let svg = dir.appendingPathComponent("\(format).svg")
            let r = try Taut.run(["solve", file.path, "--format", format, "--svg", svg.path])
            #expect(r.status == 1, "\(format): \(r.stderr)")
            #expect(!r.stderr.isEmpty)
            #expect(!Self.hasNonFinite(r.stdout) && !Self.hasNonFinite(r.stderr), "\(format)")
            if let picture = try? String(contentsOf: svg, encoding: .utf8) { #expect(!Self.hasNonFinite(picture)) }
        }
    }
}

/// The command line's side of the loader fuzzer (`LoaderFuzzTests` runs thousands of
/// mutants in-process): a few dozen seeded mutants of the teaching model and scenario run
/// through the built `taut solve`, each exiting 0, 1 or 2 with no inf or nan on stdout or
/// stderr, and a one-line message for exit 2.
@Suite struct CommandLineFuzzTests {
    /// SplitMix64, as in TautCore (this target does not import it).
    struct Random {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
    }

    static let replacements = ["1e300", "1e-320", "2.2e-308", "-1", "0", ".inf", "1e309", "9223372036854775807", "[1, 2]", "{a: 1}", "~", "\"x\u{7}\""]

    @Test(arguments: [UInt64(2026), 7, 99])
    func mutantsExitWithZeroOneOrTwo(_ seed: UInt64) throws {
        var rng = Random(state: seed)
        let dir = try temporaryDirectory()
        let scenario = try String(contentsOf: ExtremeInputTests.models.appendingPathComponent("scenarios/planar-tight-pec-minor.yaml"), encoding: .utf8)
        let texts = [ExtremeInputTests.teaching, scenario.replacingOccurrences(of: "model: planar-teaching", with: "model: teaching.yaml")]
        try ExtremeInputTests.teaching.write(to: dir.appendingPathComponent("teaching.yaml"), atomically: true, encoding: .utf8)
        var statuses: [Int32: Int] = [:]
        for k in 0..<12 {
            var bytes = Array(texts[k % 2].utf8)
            for _ in 0..<(1 + rng.next(2)) {
                // A number, or a value after ": ", replaced; or a byte flipped.
                let starts = bytes.indices.filter { i in
                    i > 1 && bytes[i - 2] == UInt8(ascii: ":") && bytes[i - 1] == UInt8(ascii: " ") && bytes[i] != UInt8(ascii: "\n")
                }
                if rng.next(5) == 0 || starts.isEmpty {
                    bytes[rng.next(bytes.count)] ^= UInt8(1 << rng.next(8))
                } else {
                    let i = starts[rng.next(starts.count)]
                    var j = i
                    while j < bytes.count, ![UInt8(ascii: "\n"), UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: " ")].contains(bytes[j]) { j += 1 }
                    bytes.replaceSubrange(i..<j, with: Array(Self.replacements[rng.next(Self.replacements.count)].utf8))
                }
            }
            let file = dir.appendingPathComponent("mutant-\(seed)-\(k).yaml")
            try Data(bytes).write(to: file)
            let format = ["table", "json", "csv", "markdown"][k % 4]
            let r = try Taut.run(["solve", file.path, "--format", format])
            statuses[r.status, default: 0] += 1
            #expect([0, 1, 2].contains(r.status), "\(file.lastPathComponent): status \(r.status): \(r.stderr)")
            #expect(!ExtremeInputTests.hasNonFinite(r.stdout.replacingOccurrences(of: #"'[^']*'"#, with: "", options: .regularExpression)), "\(file.lastPathComponent) stdout")
            let own = r.stderr.replacingOccurrences(of: #"'[^']*'"#, with: "", options: .regularExpression)
            #expect(!ExtremeInputTests.hasNonFinite(own), "\(file.lastPathComponent): \(r.stderr)")
            if r.status == 2 {
                #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(file.lastPathComponent + ":"), "\(r.stderr)")
            }
        }
        #expect(statuses[2, default: 0] > 0, "\(statuses)")
    }
}

extension ExtremeInputTests {
    // MARK: Found by review

    /// Control characters written as YAML escapes inside quotes are refused like raw ones:
    /// a name may not clear the terminal or split a table row.
    @Test(arguments: [#""a\u001b[2Jb""#, #""c\nd""#, #""x\u0000y""#, #""bell\u0007""#])
    func escapedControlCharactersInNamesAreRefused(name: String) throws {
        let text = "name: s\nmodel: planar-teaching\ncases:\n  - name: healthy\n  - name: \(name)\n"
        try Self.rejects(text, line: 5, key: "cases[1]")
    }

    /// Subnormal numbers are refused wherever they are written, in a model or a change.
    @Test func subnormalNumbersAreRefused() throws {
        try Self.rejects(Self.replacing(Self.teaching, "gravity: [0, 0, 0]", "gravity: [0, -1e-320, 0]"),
                         line: Self.line(of: "gravity: [", in: Self.teaching), key: "gravity")
        let scenario = "name: s\nmodel: shoulder-girdle\ncases:\n  - name: healthy\n  - name: tiny\n    changes:\n      - {muscle: upper_trapezius, activation: 4.9e-324}\n"
        try Self.rejects(scenario, line: 7, key: "activation")
    }

    /// An orientation angle beyond ±360° is a units slip, refused.
    @Test func anOrientationBeyondAFullTurnIsRefused() throws {
        let shoulderLine = Self.shoulder.split(separator: "\n").first { $0.contains("protraction:") && !$0.hasPrefix("#") }!
        let bad = shoulderLine.replacingOccurrences(
            of: #"protraction: [-0-9.e]+"#, with: "protraction: 1e300", options: .regularExpression)
        try Self.rejects(Self.replacing(Self.shoulder, String(shoulderLine), bad),
                         line: Self.line(of: String(shoulderLine), in: Self.shoulder), key: "protraction")
    }

    /// Which end of an out-of-range axis is named does not change from run to run.
    @Test func anOutOfRangeAxisIsNamedTheSameEveryRun() throws {
        var messages = Set<String>()
        for _ in 0..<4 {
            let r = try Taut.run(["sweep", "tight-pec-minor", "--vary", "pectoralis_minor.rest_length_scale=0.001:1000:31", "--output", "/dev/null"])
            #expect(r.status == 2, "\(r.stderr)")
            messages.insert(r.stderr)
        }
        #expect(messages.count == 1, "\(messages)")
        #expect(messages.first?.contains("at 0.001") == true, "the first end first: \(messages)")
    }

}
