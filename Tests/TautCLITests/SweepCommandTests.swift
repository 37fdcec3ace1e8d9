import Foundation
import Testing

/// `taut sweep`: rows in grid order, byte-identical for any thread count, shards that
/// concatenate to the whole, resume after an interruption, failed points as rows, and
/// exit status 2 for every kind of bad input.
@Suite struct SweepCommandTests {
    /// 12 × 9 × 5 = 540 points: 9 chunks, the last one partial.
    static let grid = [
        "planar-tight-pec-minor",
        "--vary", "pectoralis_minor.rest_length_scale=0.7:1.0:12",
        "--vary", "serratus_anterior.stiffness_scale=0.5:1.5:9",
        "--vary", "retractors.rest_length_scale=0.95:1.05:5",
    ]

    static func sweep(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let r = try Taut.run(["sweep"] + arguments)
        #expect(r.status == 0, "\(r.stderr)", sourceLocation: sourceLocation)
        return r.stdout
    }

    static func bytes(_ url: URL) throws -> Data { try Data(contentsOf: url) }

    /// A CSV sweep without its record line (`# taut sweep {…}`, what made the file).
    static func csv(_ text: String) -> String {
        #expect(text.isEmpty || text.hasPrefix("# taut sweep {"), "the record line comes first")
        return text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("#") }.joined(separator: "\n")
    }

    @Test func rowsComeInGridOrderWithTheDocumentedColumns() throws {
        let out = try Self.sweep(["planar-tight-pec-minor", "--vary", "pectoralis_minor.rest_length_scale=0.7:1.0:3", "--vary", "rhomboids.stiffness_scale=1:2:2"])
        let lines = Self.csv(out).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 8 && lines.last == "")
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(Array(header.prefix(12)) == [
            "pectoralis_minor.rest_length_scale", "rhomboids.stiffness_scale", "converged", "iterations", "residual_n", "stable",
            "x_mm", "y_mm", "z_mm", "protraction_deg", "lateral_rotation_deg", "posterior_tilt_deg",
        ])
        #expect(header.count == 12 + 3 * 4)
        #expect(Array(header.suffix(3)) == ["middle_trapezius_length_mm", "middle_trapezius_strain", "middle_trapezius_tension_n"])
        let expected = [("0.7", "1.0"), ("0.7", "2.0"), ("0.85", "1.0"), ("0.85", "2.0"), ("1.0", "1.0"), ("1.0", "2.0")]
        for (line, (a, b)) in zip(lines[1...6], expected) {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(f.count == header.count)
            #expect(f[0] == a && f[1] == b && f[2] == "true" && f[5] == "true")
        }
        // The healthy model at its own values: the reference pose, 12 N in every spring.
        let healthy = lines[5].split(separator: ",").map(String.init)
        #expect(abs(Double(healthy[8])! - 100) < 1e-9)
        #expect(abs(Double(healthy[14])! - 12) < 1e-9)

        let json = try Self.sweep(["planar-tight-pec-minor", "--vary", "pectoralis_minor.rest_length_scale=0.7:1.0:3", "--format", "jsonl"])
        let objects = json.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(objects.count == 3)
        #expect(objects[1]["pectoralis_minor.rest_length_scale"] as? Double == 0.85)
        #expect(objects[2]["converged"] as? Bool == true)
        #expect(objects[2]["rhomboids_tension_n"] as? Double != nil)
        #expect(json.hasPrefix("{\"pectoralis_minor.rest_length_scale\":0.7,\"converged\":true,"))
    }

    @Test func outputIsByteIdenticalForAnyThreadCount() throws {
        let dir = try temporaryDirectory()
        var files: [Data] = []
        for threads in [1, 2, 3] {
            let out = dir.appendingPathComponent("t\(threads).csv")
            _ = try Self.sweep(Self.grid + ["--threads", "\(threads)", "--output", out.path])
            files.append(try Self.bytes(out))
        }
        #expect(files[0] == files[1] && files[1] == files[2])
        #expect(String(decoding: files[0], as: UTF8.self).split(separator: "\n").count == 542, "the record, the column names and 540 rows")
        // Standard output carries the same bytes.
        #expect(Data(try Self.sweep(Self.grid + ["--threads", "2"]).utf8) == files[0])
        // And JSON lines too.
        let a = try Self.sweep(Self.grid + ["--threads", "1", "--format", "jsonl"])
        let b = try Self.sweep(Self.grid + ["--threads", "3", "--format", "jsonl"])
        #expect(a == b && a.split(separator: "\n").count == 540)
    }

    /// Every CSV shard starts with the whole run's header, its record naming the shard;
    /// without those two lines the shards concatenate to the whole file's rows (JSON lines
    /// shards, which have no header, concatenate to the whole file).
    @Test func shardsCarryTheHeaderAndJoinToTheWholeFile() throws {
        let dir = try temporaryDirectory()
        for format in ["csv", "jsonl"] {
            let whole = dir.appendingPathComponent("whole.\(format)")
            _ = try Self.sweep(Self.grid + ["--format", format, "--output", whole.path])
            let wholeText = String(decoding: try Self.bytes(whole), as: UTF8.self)
            let wholeLines = wholeText.split(separator: "\n", omittingEmptySubsequences: false)
            var joined = format == "csv" ? wholeLines.prefix(2).joined(separator: "\n") + "\n" : ""
            for k in 1...3 {
                let part = dir.appendingPathComponent("part\(k).\(format)")
                _ = try Self.sweep(Self.grid + ["--format", format, "--shard", "\(k)/3", "--threads", "\(k)", "--output", part.path])
                let text = String(decoding: try Self.bytes(part), as: UTF8.self)
                #expect(!text.isEmpty)
                guard format == "csv" else {
                    joined += text
                    continue
                }
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                // The whole run's record with the shard as its last field, then the column names.
                #expect(lines[0] == wholeLines[0].dropLast() + ",\"shard\":\"\(k)/3\"}")
                #expect(lines[1] == wholeLines[1])
                joined += lines.dropFirst(2).joined(separator: "\n")
            }
            #expect(joined == wholeText, "\(format)")
        }
        // More shards than chunks: the extra shards hold only the header.
        let axis = ["planar-tight-pec-minor", "--vary", "pectoralis_minor.rest_length_scale=0.7:1.0:70"]
        let whole = Self.csv(try Self.sweep(axis))
        var rows = 0
        for k in 1...4 {
            let shard = Self.csv(try Self.sweep(axis + ["--shard", "\(k)/4"]))
            let lines = shard.split(separator: "\n")
            #expect(lines.first.map(String.init) == whole.split(separator: "\n").first.map(String.init))
            rows += lines.count - 1
        }
        #expect(rows == 70)
        // 2 chunks in 4 shards: chunks [k·2/4, (k+1)·2/4), so shards 1 and 3 have none.
        #expect(Self.csv(try Self.sweep(axis + ["--shard", "3/4"])).split(separator: "\n").count == 1, "an empty shard: the column names")
    }

    @Test func resumeCompletesAnInterruptedFileToTheSameBytes() throws {
        let dir = try temporaryDirectory()
        let whole = dir.appendingPathComponent("whole.csv")
        _ = try Self.sweep(Self.grid + ["--output", whole.path])
        let full = try Self.bytes(whole)
        let header = full.firstIndex(of: UInt8(ascii: "\n"))!
        // Cut mid-line (as a kill during a write would), at a line end, inside the
        // header, at zero bytes; and resume with another thread count.
        for (n, cut) in [full.count * 2 / 5 + 7, full.count / 2, header + 1, header / 2, 0, full.count].enumerated() {
            let file = dir.appendingPathComponent("cut\(n).csv")
            try full.prefix(cut).write(to: file)
            let r = try Taut.run(["sweep"] + Self.grid + ["--output", file.path, "--resume", "--threads", "\(1 + n % 3)"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(try Self.bytes(file) == full, "cut at \(cut)")
        }
        // A shard resumes too (its header names the shard).
        let shard = dir.appendingPathComponent("shard.csv")
        _ = try Self.sweep(Self.grid + ["--shard", "2/3", "--output", shard.path])
        let shardFull = try Self.bytes(shard)
        try shardFull.prefix(shardFull.count / 3).write(to: shard)
        _ = try Self.sweep(Self.grid + ["--shard", "2/3", "--output", shard.path, "--resume"])
        #expect(try Self.bytes(shard) == shardFull)
        // JSON lines.
        let json = dir.appendingPathComponent("whole.jsonl")
        _ = try Self.sweep(Self.grid + ["--format", "jsonl", "--output", json.path])
        let jsonFull = try Self.bytes(json)
        try jsonFull.prefix(jsonFull.count * 3 / 4 + 5).write(to: json)
        _ = try Self.sweep(Self.grid + ["--format", "jsonl", "--output", json.path, "--resume"])
        #expect(try Self.bytes(json) == jsonFull)
        // Resume with no file yet: a plain run.
        let fresh = dir.appendingPathComponent("fresh.csv")
        _ = try Self.sweep(Self.grid + ["--output", fresh.path, "--resume"])
        #expect(try Self.bytes(fresh) == full)
    }

    @Test func aResumeFileFromADifferentSweepIsRejected() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("sweep.csv")
        _ = try Self.sweep(Self.grid + ["--output", file.path])
        let full = try Self.bytes(file)
        try full.prefix(full.count / 2).write(to: file)
        let before = try Self.bytes(file)
        let others: [[String]] = [
            // Other values on an axis.
            ["planar-tight-pec-minor", "--vary", "pectoralis_minor.rest_length_scale=0.7:1.0:13",
             "--vary", "serratus_anterior.stiffness_scale=0.5:1.5:9", "--vary", "retractors.rest_length_scale=0.95:1.05:5"],
            // Other axes (another header).
            ["planar-tight-pec-minor", "--vary", "pectoralis_minor.rest_length_scale=0.7:1.0:12"],
            // Another format.
            Self.grid + ["--format", "jsonl"],
            // Another shard (rows of shard 1 where shard 2's belong; no header expected).
            Self.grid + ["--shard", "2/2"],
        ]
        for other in others {
            let r = try Taut.run(["sweep"] + other + ["--output", file.path, "--resume"])
            #expect(r.status == 2, "\(other)")
            #expect(r.stderr.contains("resume file from a different sweep"), "\(r.stderr)")
            #expect(try Self.bytes(file) == before, "the file is left alone")
        }
        // More rows than the sweep has.
        let small = dir.appendingPathComponent("small.csv")
        let r0 = try Taut.run(["sweep", "planar-tight-pec-minor", "--vary", "pectoralis_minor.rest_length_scale=0.7:1.0:3", "--output", small.path])
        #expect(r0.status == 0)
        try (try Self.bytes(small) + Data("1.0,x\n".utf8)).write(to: small)
        let r = try Taut.run(["sweep", "planar-tight-pec-minor", "--vary", "pectoralis_minor.rest_length_scale=0.7:1.0:3", "--output", small.path, "--resume"])
        #expect(r.status == 2 && r.stderr.contains("different sweep"), "\(r.stderr)")
    }

    /// A real Ctrl-C: the run stops, every finished row is in the file in order, the exit
    /// status is 130 with how to resume, and --resume finishes the same bytes.
    @Test func anInterruptedSweepKeepsItsRowsAndResumes() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("big.csv")
        // One shard of a large grid: long enough to interrupt, short enough to finish.
        let arguments = ["sweep", "planar-tight-pec-minor", "--vary", "pectoralis_minor.rest_length_scale=0.6:1.2:1000",
                         "--vary", "serratus_anterior.stiffness_scale=0.5:1.5:400", "--shard", "3/40", "--threads", "1"]
        let p = Process()
        p.executableURL = Taut.executable
        p.arguments = arguments + ["--output", file.path]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        // Wait for the first rows, then interrupt.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, ((try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0) < 1000 {
            Thread.sleep(forTimeInterval: 0.005)
        }
        p.interrupt()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 130, "\(message)")
        #expect(message.contains("--resume"), "\(message)")
        let partial = try Self.bytes(file)
        #expect(partial.last == UInt8(ascii: "\n"), "whole rows only")
        let rows = partial.filter { $0 == UInt8(ascii: "\n") }.count - 2 // the header: record and column names
        #expect(rows % 64 == 0 && rows > 0 && rows < 10_000, "whole chunks: \(rows) rows")

        let resumed = try Taut.run(arguments + ["--output", file.path, "--resume", "--threads", "2"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let reference = dir.appendingPathComponent("reference.csv")
        let r = try Taut.run(arguments + ["--output", reference.path, "--threads", "2"])
        #expect(r.status == 0)
        let done = try Self.bytes(file)
        #expect(done == (try Self.bytes(reference)))
        #expect(done.prefix(partial.count) == partial)
    }

    @Test func aPointWithoutEquilibriumIsARowAndTheSweepGoesOn() throws {
        // Retractors without stiffness: nothing holds the scapula back.
        let r = try Taut.run(["sweep", "planar-tight-pec-minor", "--vary", "retractors.stiffness_scale=0:1:3", "--vary", "pectoralis_minor.rest_length_scale=0.8:1:2"])
        #expect(r.status == 0)
        let lines = Self.csv(r.stdout).split(separator: "\n").map(String.init)
        #expect(lines.count == 7)
        #expect(lines[1] == "0.0,0.8,false,0,,false" + String(repeating: ",", count: 18))
        #expect(lines[2].hasPrefix("0.0,1.0,false,"))
        #expect(lines[3...].allSatisfy { $0.contains(",true,") })
        #expect(r.stderr.contains("2 of 6 points found no equilibrium"))
        let json = try Taut.run(["sweep", "planar-tight-pec-minor", "--vary", "retractors.stiffness_scale=0:1:2", "--format", "jsonl"])
        #expect(json.stdout.hasPrefix("{\"retractors.stiffness_scale\":0.0,\"converged\":false,\"iterations\":0,\"residual_n\":null,\"stable\":false,\"x_mm\":null,"))
    }

    @Test func axesComeFromTheScenarioFileUnlessVaryReplacesThem() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("s.yaml")
        try """
        name: s
        model: planar-teaching
        cases:
          - name: healthy
          - name: short
            changes:
              - {muscle: pectoralis_minor, rest_length_scale: 0.85}
        sweep:
          case: short
          axes:
            - {muscle: retractors, parameter: stiffness_scale, from: 0.5, to: 1.0, steps: 2}
            - {muscle: pectoralis_minor, parameter: rest_length_scale, from: 0.9, to: 1.0, steps: 3}
        """.write(to: file, atomically: true, encoding: .utf8)
        let out = try Self.sweep([file.path])
        let lines = Self.csv(out).split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("retractors.stiffness_scale,pectoralis_minor.rest_length_scale,converged"))
        #expect(lines.count == 7)
        // Scales refer to the model's own values: 1.0 restores pectoralis minor in the short case.
        let restored = lines[3].split(separator: ",").map(String.init)
        #expect(restored[0] == "0.5" && restored[1] == "1.0")
        let healthy = Self.csv(try Self.sweep(["planar-tight-pec-minor", "--vary", "retractors.stiffness_scale=0.5:0.5:1"])).split(separator: "\n")[1]
        // The same equilibrium reached by two paths (warm from a neighbour, or solved
        // directly): equal to the solver's tolerance, not necessarily to the last bit.
        let direct = healthy.split(separator: ",").dropFirst().map(String.init)
        #expect(restored.count == direct.count + 2)
        for (a, b) in zip(restored[2...], direct) {
            if let x = Double(a), let y = Double(b) {
                #expect(abs(x - y) <= 1e-9 * max(1, abs(y)), "\(a) vs \(b)")
            } else {
                #expect(a == b)
            }
        }
        // --vary replaces the file's axes; --case picks another case.
        let varied = try Self.sweep([file.path, "--vary", "rhomboids.stiffness_scale=1:2:2", "--case", "healthy"])
        #expect(Self.csv(varied).hasPrefix("rhomboids.stiffness_scale,converged"))
        #expect(Self.csv(varied).split(separator: "\n")[1].split(separator: ",")[7] == "100.0")
    }

    @Test func badSweepSectionsNameFileLineAndKey() throws {
        let dir = try temporaryDirectory()
        func check(_ axes: String, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
            let file = dir.appendingPathComponent("bad-\(UUID().uuidString).yaml")
            try "name: s\nmodel: planar-teaching\ncases:\n  - name: healthy\nsweep:\n\(axes)".write(to: file, atomically: true, encoding: .utf8)
            let r = try Taut.run(["sweep", file.path])
            #expect(r.status == 2, sourceLocation: sourceLocation)
            for text in expected { #expect(r.stderr.contains(text), "\(r.stderr)", sourceLocation: sourceLocation) }
            #expect(r.stdout.isEmpty, sourceLocation: sourceLocation)
        }
        try check("  axes:\n    - {muscle: nobody, parameter: activation, from: 0, to: 1, steps: 2}\n", [":7:", "sweep.axes[0].muscle", "no muscle or group named 'nobody'"])
        try check("  axes:\n    - {muscle: rhomboids, parameter: length, from: 0, to: 1, steps: 2}\n", [":7:", "sweep.axes[0].parameter", "unknown parameter 'length'"])
        try check("  axes:\n    - {muscle: rhomboids, parameter: stiffness_scale, from: 0, to: 1, steps: 0}\n", [":7:", "steps", "at least 1"])
        try check("  axes:\n    - {muscle: rhomboids, parameter: activation, from: 0, to: 1, steps: 2}\n", [":7:", "is a spring"])
        try check("  axes:\n    - {muscle: rhomboids, parameter: stiffness_scale, from: 0, to: 1, steps: 2, stride: 3}\n", [":7:", "unknown key 'stride'"])
        try check("  case: nope\n  axes:\n    - {muscle: rhomboids, parameter: stiffness_scale, from: 0, to: 1, steps: 2}\n", [":6:", "sweep.case", "no case named 'nope'"])
        try check("  axes: []\n", [":6:", "sweep.axes", "at least one axis"])
    }

    @Test(arguments: [
        // Malformed --vary.
        (["--vary", "pectoralis_minor"], "expected MUSCLE.PARAM=FROM:TO:STEPS"),
        (["--vary", "pectoralis_minor.rest_length_scale=0.7:1.0"], "expected MUSCLE.PARAM=FROM:TO:STEPS"),
        (["--vary", "pectoralis_minor.rest_length_scale=a:1:3"], "expected MUSCLE.PARAM=FROM:TO:STEPS"),
        (["--vary", "pectoralis_minor.rest_length_scale=0.7:1.0:2.5"], "expected MUSCLE.PARAM=FROM:TO:STEPS"),
        (["--vary", "rest_length_scale=0.7:1.0:3"], "expected MUSCLE.PARAM=FROM:TO:STEPS"),
        // Unknown muscle or group, unknown parameter.
        (["--vary", "pec_minor.rest_length_scale=0.7:1.0:3"], "no muscle or group named 'pec_minor'"),
        (["--vary", "pectoralis_minor.length=0.7:1.0:3"], "unknown parameter 'length'"),
        // Steps ≤ 0.
        (["--vary", "pectoralis_minor.rest_length_scale=0.7:1.0:0"], "steps must be at least 1"),
        (["--vary", "pectoralis_minor.rest_length_scale=0.7:1.0:-4"], "steps must be at least 1"),
        // Values out of range.
        (["--vary", "pectoralis_minor.rest_length_scale=0:1.0:3"], "rest_length_scale must be between 0.001 and 1000 (not 0)"),
        (["--vary", "pectoralis_minor.stiffness_scale=-1:1.0:3"], "stiffness_scale must be 0 or between 0.001 and 1000 (not -1)"),
        (["--vary", "pectoralis_minor.rest_length_scale=nan:1.0:3"], "finite"),
        // Activation on springs.
        (["--vary", "pectoralis_minor.activation=0:1:3"], "activation applies to hill muscles"),
        (["--vary", "protractors.activation=0:1:3"], "is a spring"),
        // The same axis twice, an unknown case.
        (["--vary", "rhomboids.stiffness_scale=1:2:2", "--vary", "rhomboids.stiffness_scale=1:3:2"], "twice"),
        (["--vary", "rhomboids.stiffness_scale=1:2:2", "--case", "nope"], "no case named 'nope'"),
        // Bad --shard.
        (["--vary", "rhomboids.stiffness_scale=1:2:2", "--shard", "0/3"], "--shard '0/3'"),
        (["--vary", "rhomboids.stiffness_scale=1:2:2", "--shard", "4/3"], "--shard '4/3'"),
        (["--vary", "rhomboids.stiffness_scale=1:2:2", "--shard", "1/0"], "--shard '1/0'"),
        (["--vary", "rhomboids.stiffness_scale=1:2:2", "--shard", "2"], "--shard '2'"),
        (["--vary", "rhomboids.stiffness_scale=1:2:2", "--shard", "a/b"], "--shard 'a/b'"),
        // No axes at all.
        ([], "no sweep axes"),
        // Threads, resume without a file.
        (["--vary", "rhomboids.stiffness_scale=1:2:2", "--threads", "0"], "--threads must be at least 1"),
        (["--vary", "rhomboids.stiffness_scale=1:2:2", "--resume"], "--resume needs --output"),
    ] as [([String], String)])
    func badInputExitsWithTwo(_ arguments: [String], _ message: String) throws {
        let r = try Taut.run(["sweep", "planar-tight-pec-minor"] + arguments)
        #expect(r.status == 2, "\(arguments): \(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func anUnwritableOutputExitsWithTwo() throws {
        let dir = try temporaryDirectory()
        let r = try Taut.run(["sweep", "planar-tight-pec-minor", "--vary", "rhomboids.stiffness_scale=1:2:2", "--output", dir.appendingPathComponent("no/such.csv").path])
        #expect(r.status == 2 && r.stderr.contains("cannot write"), "\(r.stderr)")
    }

    @Test func standardErrorIsQuietWhenNotATerminal() throws {
        let r = try Taut.run(["sweep"] + Self.grid)
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty, "\(r.stderr)")
    }

    @Test func coldStartsGiveTheSameEquilibria() throws {
        let warm = try Self.sweep(Self.grid + ["--format", "jsonl"]).split(separator: "\n")
        let cold = try Self.sweep(Self.grid + ["--format", "jsonl", "--cold"]).split(separator: "\n")
        #expect(warm.count == cold.count)
        for (w, c) in zip(warm, cold) {
            let a = try JSONSerialization.jsonObject(with: Data(w.utf8)) as! [String: Any]
            let b = try JSONSerialization.jsonObject(with: Data(c.utf8)) as! [String: Any]
            for key in ["x_mm", "y_mm", "z_mm"] {
                #expect(abs((a[key] as! Double) - (b[key] as! Double)) <= 1e-6, "\(key): 1e-9 m")
            }
        }
    }
}
