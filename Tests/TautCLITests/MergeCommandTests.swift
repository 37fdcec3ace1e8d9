import Foundation
import Testing

/// `taut merge`: complete shards join to the single-machine file byte for byte; a missing,
/// truncated, foreign, duplicate or differently split shard is refused (exit 2, nothing
/// written) with the shard named and the `sbatch --array=K …` line that completes it.
@Suite struct MergeCommandTests {
    /// 12 × 9 × 5 = 540 points, 9 chunks: 3 shards of 192, 192 and 156 rows.
    static let arguments = [
        "planar-tight-pec-minor",
        "--vary", "pectoralis_minor.rest_length_scale=0.7:1.0:12",
        "--vary", "serratus_anterior.stiffness_scale=0.5:1.5:9",
        "--vary", "retractors.rest_length_scale=0.95:1.05:5",
    ]

    /// A folder `out` in a new temporary folder with the 3 shards of `arguments` (as the
    /// SLURM script names them) and the one-machine file `whole.csv` beside it.
    static func shards(_ arguments: [String] = arguments, count: Int = 3) throws -> (dir: URL, out: URL, whole: Data) {
        let dir = try temporaryDirectory()
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let whole = dir.appendingPathComponent("whole.csv")
        try run(["sweep"] + arguments + ["--output", whole.path])
        for k in 1...count {
            try run(["sweep"] + arguments + ["--shard", "\(k)/\(count)", "--output", out.appendingPathComponent("shard-\(k)-of-\(count).csv").path])
        }
        return (dir, out, try Data(contentsOf: whole))
    }

    static func run(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try Taut.run(arguments)
        #expect(r.status == 0, "\(arguments): \(r.stderr)", sourceLocation: sourceLocation)
    }

    /// What `scripts/slurm/taut-array.sbatch` records of an array submitted from `dir`.
    static func recordArray(in out: URL, submittedFrom dir: URL, firstTask: Int = 1, shards: Int = 3) throws {
        let text = """
            # the SLURM array that writes this folder's shards (scripts/slurm/taut-array.sbatch)
            first_task=\(firstTask)
            shards=\(shards)
            submit_dir=\(dir.path)
            script=/opt/taut/scripts/slurm/taut-array.sbatch
            outdir=out
            command=sweep \(arguments.joined(separator: " "))

            """
        try Data(text.utf8).write(to: out.appendingPathComponent("taut-array.run"))
    }

    static let sbatch = "sbatch --array=2 /opt/taut/scripts/slurm/taut-array.sbatch out sweep " + arguments.joined(separator: " ")

    /// Runs merge expecting a refusal: exit 2, the merged file not written, and a line
    /// naming `file` that says `message`.
    @discardableResult
    static func refused(
        _ inputs: [String], in dir: URL, file: String, message: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let merged = dir.appendingPathComponent("merged.csv")
        let r = try Taut.run(["merge"] + inputs + ["--output", merged.path], in: dir)
        #expect(r.status == 2, "\(r.stderr)", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: merged.path), "nothing written", sourceLocation: sourceLocation)
        let line = r.stderr.split(separator: "\n").first { $0.hasPrefix("taut: \(file): ") && $0.contains(message) }.map(String.init)
        #expect(line?.contains(message) == true, "expected '\(file): …\(message)…' in:\n\(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.contains("not merged (nothing written)"), sourceLocation: sourceLocation)
        return line ?? ""
    }

    @Test func completeShardsJoinToTheOneMachineFile() throws {
        let (dir, out, whole) = try Self.shards()
        // The folder, or the files in any order.
        let merged = dir.appendingPathComponent("merged.csv")
        let r = try Taut.run(["merge", out.path, "--output", merged.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("merged 3 shards, 540 rows"), "\(r.stderr)")
        #expect(try Data(contentsOf: merged) == whole)
        let files = [3, 1, 2].map { out.appendingPathComponent("shard-\($0)-of-3.csv").path }
        let stdout = try Taut.run(["merge"] + files + [out.path])  // a file named twice counts once
        #expect(stdout.status == 0, "\(stdout.stderr)")
        #expect(Data(stdout.stdout.utf8) == whole, "to standard output")
        // An existing output is replaced whole.
        try Data("old".utf8).write(to: merged)
        #expect(try Taut.run(["merge", out.path, "--output", merged.path]).status == 0)
        #expect(try Data(contentsOf: merged) == whole)
        // One shard of one (--shard 1/1, or the whole file) is itself.
        let single = try Taut.run(["merge", dir.appendingPathComponent("whole.csv").path])
        #expect(single.status == 0 && Data(single.stdout.utf8) == whole, "\(single.stderr)")
        // More shards than chunks: the empty shards hold only the header.
        let (_, many, wholeOfMany) = try Self.shards(["planar-tight-pec-minor", "--vary", "pectoralis_minor.rest_length_scale=0.7:1.0:70"], count: 4)
        let m = try Taut.run(["merge", many.path])
        #expect(m.status == 0 && Data(m.stdout.utf8) == wholeOfMany, "\(m.stderr)")
    }

    @Test func aMissingShardIsNamedWithTheLineThatCompletesIt() throws {
        let (dir, out, _) = try Self.shards()
        try FileManager.default.removeItem(at: out.appendingPathComponent("shard-2-of-3.csv"))
        // Without the array's record: how to run it by hand.
        let line = try Self.refused(["out"], in: dir, file: "out/shard-2-of-3.csv", message: "missing: shard 2/3 of the run")
        #expect(line.contains("taut sweep … --shard 2/3 --output out/shard-2-of-3.csv --resume"), "\(line)")
        // With it: the sbatch line, from the submit directory as it is, or after a cd.
        try Self.recordArray(in: out, submittedFrom: dir)
        let here = try Self.refused(["out"], in: dir, file: "out/shard-2-of-3.csv", message: "missing")
        #expect(here.hasSuffix("; to complete it: " + Self.sbatch), "\(here)")
        let elsewhere = try Self.refused([out.path], in: URL(fileURLWithPath: "/"), file: out.appendingPathComponent("shard-2-of-3.csv").path, message: "missing")
        #expect(elsewhere.hasSuffix("; to complete it: cd \(dir.path) && " + Self.sbatch), "\(elsewhere)")
        // An array from 0: task 1 is shard 2. Two shards to run: one line for both.
        try Self.recordArray(in: out, submittedFrom: dir, firstTask: 0)
        try FileManager.default.removeItem(at: out.appendingPathComponent("shard-3-of-3.csv"))
        let merged = dir.appendingPathComponent("merged.csv")
        let r = try Taut.run(["merge", "out", "--output", merged.path], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("out/shard-2-of-3.csv: missing: shard 2/3 of the run; to complete it: sbatch --array=1 /opt"), "\(r.stderr)")
        #expect(r.stderr.contains("out/shard-3-of-3.csv: missing: shard 3/3 of the run; to complete it: sbatch --array=2 /opt"), "\(r.stderr)")
        #expect(r.stderr.contains("to complete every shard named: sbatch --array=1-2 /opt"), "\(r.stderr)")
    }

    @Test func aShardCutMidLineOrShortIsIncomplete() throws {
        let (dir, out, whole) = try Self.shards()
        try Self.recordArray(in: out, submittedFrom: dir)
        let file = out.appendingPathComponent("shard-2-of-3.csv")
        let full = try Data(contentsOf: file)
        // Cut in the middle of a row, as a kill during a write leaves it.
        try full.prefix(full.count / 2 + 11).write(to: file)
        let text = String(decoding: full.prefix(full.count / 2 + 11), as: UTF8.self)
        let wholeRows = text.split(separator: "\n", omittingEmptySubsequences: false).count - 3
        let cut = try Self.refused(["out"], in: dir, file: "out/shard-2-of-3.csv", message: "incomplete: its last line is cut short (\(wholeRows) whole rows of 192)")
        #expect(cut.hasSuffix("; to complete it: " + Self.sbatch), "\(cut)")
        // Whole rows, too few (a task stopped by scancel).
        let lines = full.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        try Data(lines.prefix(2 + 100).joined(separator: [UInt8(ascii: "\n")]) + [UInt8(ascii: "\n")]).write(to: file)
        try Self.refused(["out"], in: dir, file: "out/shard-2-of-3.csv", message: "incomplete: 100 of 192 rows")
        // Cut inside the header, or empty (the task died before writing).
        for bytes in [40, 0] {
            try full.prefix(bytes).write(to: file)
            try Self.refused(["out"], in: dir, file: "out/shard-2-of-3.csv", message: "incomplete: \(bytes == 0 ? "empty" : "cut inside its header") (0 of 192 rows)")
        }
        // A row too many.
        try (full + lines[2] + [UInt8(ascii: "\n")]).write(to: file)
        try Self.refused(["out"], in: dir, file: "out/shard-2-of-3.csv", message: "193 rows, more than shard 2/3's 192")
        // What --resume completes, merge joins.
        try full.prefix(full.count / 3).write(to: file)
        try Self.run(["sweep"] + Self.arguments + ["--shard", "2/3", "--output", file.path, "--resume"])
        let r = try Taut.run(["merge", out.path])
        #expect(r.status == 0 && Data(r.stdout.utf8) == whole, "\(r.stderr)")
    }

    @Test func aShardOfAnotherRunIsNamedWithWhatDiffers() throws {
        let (dir, out, _) = try Self.shards()
        let second = out.appendingPathComponent("shard-2-of-3.csv")
        let elsewhere = dir.appendingPathComponent("other.csv")
        func shard(_ arguments: [String]) throws {
            try Self.run(["sweep"] + arguments + ["--shard", "2/3", "--output", elsewhere.path])
        }
        // Other axes.
        var axes = Self.arguments
        axes[2] = "pectoralis_minor.rest_length_scale=0.7:1.0:13"
        try shard(axes)
        try Self.refused(
            ["out/shard-1-of-3.csv", "other.csv", "out/shard-3-of-3.csv"], in: dir, file: "other.csv",
            message: "from another run: it was made with axes[0] 'pectoralis_minor.rest_length_scale=0.7:1.0:13' (the run: 'pectoralis_minor.rest_length_scale=0.7:1.0:12') (the run's shards: shard-1-of-3.csv and 1 more)")
        // Another case (its model too).
        try shard(Self.arguments + ["--case", "strong back"])
        let line = try Self.refused(["out/shard-1-of-3.csv", "other.csv", "out/shard-3-of-3.csv"], in: dir, file: "other.csv", message: "case 'strong back' (the run: 'healthy')")
        #expect(line.contains("model_fingerprint"), "\(line)")
        // The same model name with one number changed: only the fingerprint tells.
        let model = dir.appendingPathComponent("planar-teaching.json")
        let exported = try Taut.run(["export", "planar-teaching"])
        #expect(exported.status == 0)
        try Data(exported.stdout.replacingOccurrences(of: "\"mass\": 0.5,", with: "\"mass\": 0.51,").utf8).write(to: model)
        #expect(exported.stdout.contains("\"mass\": 0.5,"), "the teaching model's mass")
        let modelAxes = ["--vary", "pectoralis_minor.rest_length_scale=0.7:1.0:100"]
        let (modelDir, modelOut, _) = try Self.shards(["planar-teaching"] + modelAxes)
        try Self.run(["sweep", model.path] + modelAxes + ["--shard", "2/3", "--output", modelOut.appendingPathComponent("shard-2-of-3.csv").path])
        let fingerprint = try Self.refused(["out"], in: modelDir, file: "out/shard-2-of-3.csv", message: "from another run: it was made with model_fingerprint '")
        #expect(!fingerprint.contains("scenario") && !fingerprint.contains("axes"), "only the fingerprint differs: \(fingerprint)")
        // In a folder, the foreign file also leaves its shard missing.
        try FileManager.default.removeItem(at: second)
        try FileManager.default.copyItem(at: elsewhere, to: second)
        try Self.refused(["out"], in: dir, file: "out/shard-2-of-3.csv", message: "missing: shard 2/3 of the run (the file here is another run's: move it away first)")
        // A file that is no shard at all.
        try Data("x,y\n1,2\n".utf8).write(to: elsewhere)
        try Self.refused(["out/shard-1-of-3.csv", "other.csv"], in: dir, file: "other.csv", message: "not a shard: its first line is not a `# taut sweep {…}`")
    }

    @Test func duplicateShardsAndMixedSplitsAreRefused() throws {
        let (dir, out, _) = try Self.shards()
        let copy = dir.appendingPathComponent("copy.csv")
        try FileManager.default.copyItem(at: out.appendingPathComponent("shard-2-of-3.csv"), to: copy)
        try Self.refused(["out", "copy.csv"], in: dir, file: "out/shard-2-of-3.csv", message: "duplicate: shard 2/3 is also in copy.csv; keep one")
        // Shards of the same command cut in 3 and in 4.
        try Self.run(["sweep"] + Self.arguments + ["--shard", "2/4", "--output", out.appendingPathComponent("shard-2-of-4.csv").path])
        try Self.refused(["out"], in: dir, file: "out/shard-2-of-4.csv", message: "shard 2/4 of another split of this run: the run has 3 shards")
    }

    @Test func aShardBeingWrittenOrTheOutputAmongTheShardsIsRefused() throws {
        let (dir, out, whole) = try Self.shards()
        let file = out.appendingPathComponent("shard-3-of-3.csv")
        // A running sweep holds its file locked; this test holds it the same way.
        let fd = open(file.path, O_RDONLY)
        #expect(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        try Self.refused(["out"], in: dir, file: "out/shard-3-of-3.csv", message: "being written: a running taut holds it (156 of 156 rows so far); wait for its task to end")
        close(fd)
        let r = try Taut.run(["merge", out.path, "--output", file.path])
        #expect(r.status == 2 && r.stderr.contains("is one of the shards"), "\(r.stderr)")
        #expect(try Data(contentsOf: file) != whole, "the shard is left as it was")
        // A merge that cannot be written whole (a file-size limit): exit 3, the old file
        // left as it was, no temporary file.
        let merged = dir.appendingPathComponent("merged.csv")
        try Data("old\n".utf8).write(to: merged)
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        let limited = try Taut.run(["merge", out.path, "--output", merged.path], shell: "ulimit -f 40")
        #expect(limited.status == 3 && limited.stderr.contains("File too large") && limited.stderr.contains("left as it was"), "\(limited.stderr)")
        #expect(try Data(contentsOf: merged) == Data("old\n".utf8))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == before, "no temporary file left")
        let none = try Taut.run(["merge", dir.path])
        #expect(none.status == 2 && none.stderr.contains("no shard files (shard-K-of-N.csv) in the folder"), "\(none.stderr)")
    }
}
