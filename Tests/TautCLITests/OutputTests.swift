import Foundation
import Testing

extension Taut {
    /// Runs `taut` with standard output on `stdout` (a device, a pipe), or, with `shell`,
    /// through `/bin/sh -c "SHELL; exec taut ARGS"` (e.g. `ulimit -f 40`).
    static func run(
        _ arguments: [String], stdout: FileHandle? = nil, shell: String? = nil, in directory: URL? = nil
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        if let shell {
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", "\(shell); exec \"$0\" \"$@\"", executable.path] + arguments
        } else {
            p.executableURL = executable
            p.arguments = arguments
        }
        if let directory { p.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        p.standardOutput = stdout ?? out
        p.standardError = err
        try p.run()
        try out.fileHandleForWriting.close()
        let o = stdout == nil ? out.fileHandleForReading.readDataToEndOfFile() : Data()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}

/// Output that never lies (DESIGN §4, exit 3): a full disk, `/dev/full`, a closed pipe or
/// a file-size limit ends every command with a message naming the output and exit
/// status 3, never a crash and never exit 0; files are replaced atomically, devices and
/// symbolic links are never replaced; a sweep cut short keeps whole rows and resumes;
/// two sweeps on one file do not interleave; usage errors exit 2.
@Suite struct OutputTests {
    /// The file type and device number of a path (lstat), to check that nothing under
    /// /dev was replaced.
    static func node(_ path: String) -> (type: mode_t, device: UInt64)? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        return (st.st_mode & S_IFMT, UInt64(st.st_rdev))
    }

    static let smallSweep = ["sweep", "planar-tight-pec-minor", "--vary", "pectoralis_minor.rest_length_scale=0.7:1.0:12",
                             "--vary", "serratus_anterior.stiffness_scale=0.5:1.5:9", "--vary", "retractors.rest_length_scale=0.95:1.05:5"]

    /// Every command, its output on standard output.
    static func everyCommand(_ dir: URL) throws -> [[String]] {
        let sweepFile = dir.appendingPathComponent("sweep.csv")
        let made = try Taut.run(["sweep", "planar-tight-pec-minor", "--vary", "pectoralis_minor.rest_length_scale=0.7:1.0:4", "--output", sweepFile.path])
        #expect(made.status == 0, "\(made.stderr)")
        return [
            ["solve", "planar-tight-pec-minor"],
            ["solve", "planar-tight-pec-minor", "--format", "json"],
            ["models"],
            ["check", "planar-teaching"],
            ["export", "planar-teaching"],
            ["bench", "planar-teaching", "--duration", "0.005"],
            ["bench", "planar-teaching", "--duration", "0.005", "--format", "json"],
            ["plot", sweepFile.path, "--x", "pectoralis_minor.rest_length_scale", "--y", "*_tension_n"],
            smallSweep,
            ["sweep", "planar-tight-pec-minor", "--vary", "pectoralis_minor.rest_length_scale=0.7:1.0:3", "--format", "jsonl"],
            ["merge", sweepFile.path],
            ["--help"],
        ]
    }

    /// A private copy of the device node at `path` (/dev/full: every write fails with
    /// ENOSPC; /dev/null) in `dir`, when this process may make one (root) and it works
    /// like the original, so that a bug that replaced the device would replace only the
    /// copy (and fail the test); else `path` itself.
    static func device(_ path: String, in dir: URL) -> String? {
        guard let real = node(path), real.type == S_IFCHR else { return nil }
        let copy = dir.appendingPathComponent((path as NSString).lastPathComponent).path
        if mknod(copy, S_IFCHR | 0o666, dev_t(real.device)) == 0 {
            let fd = open(copy, O_WRONLY)
            if fd >= 0 {
                var byte: UInt8 = 0
                let n = Foundation.write(fd, &byte, 1)
                let e = errno
                close(fd)
                if path == "/dev/full" ? (n < 0 && e == ENOSPC) : n == 1 { return copy }
            }
            unlink(copy)
        }
        return path
    }

    @Test func everyCommandOnDevFullExitsWithThreeAndLeavesTheDeviceAlone() throws {
        guard let before = Self.node("/dev/full"), before.type == S_IFCHR else { return }  // no /dev/full here
        let dir = try temporaryDirectory()
        let device = try #require(Self.device("/dev/full", in: dir))
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        defer { try? full.close() }
        for command in try Self.everyCommand(dir) {
            let r = try Taut.run(command, stdout: full)
            #expect(r.status == 3, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("cannot write standard output: No space left on device"), "\(command): \(r.stderr)")
        }
        // --output and --svg onto the device: written through (so: ENOSPC, exit 3), never replaced.
        for command in [
            ["solve", "planar-tight-pec-minor", "--output", device],
            ["solve", "planar-tight-pec-minor", "--svg", device, "--output", dir.appendingPathComponent("r.txt").path],
            ["export", "planar-teaching", "--output", device],
            ["plot", dir.appendingPathComponent("sweep.csv").path, "--x", "pectoralis_minor.rest_length_scale", "--y", "*_strain", "--output", device],
            Self.smallSweep + ["--output", device],
            ["merge", dir.appendingPathComponent("sweep.csv").path, "--output", device],
        ] {
            let r = try Taut.run(command)
            #expect(r.status == 3, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("cannot write \(device): No space left on device"), "\(command): \(r.stderr)")
            let after = try #require(Self.node(device), "\(device) must still exist")
            #expect(after.type == S_IFCHR && after.device == before.device, "\(device) must stay the same device node")
        }
        // --resume needs a file to complete (and /dev/full reads as endless zeros).
        let resume = try Taut.run(Self.smallSweep + ["--output", device, "--resume"])
        #expect(resume.status == 2 && resume.stderr.contains("--resume completes a regular file"), "\(resume.stderr)")
        #expect(Self.node(device)?.type == S_IFCHR)
        #expect(Self.node("/dev/full")?.type == S_IFCHR && Self.node("/dev/full")?.device == before.device)
        // Onto /dev/null: written through, exit 0, still the device.
        if let null = Self.device("/dev/null", in: dir), let before = Self.node(null) {
            for command in [["solve", "planar-tight-pec-minor", "--output", null, "--svg", null], Self.smallSweep + ["--output", null]] {
                let r = try Taut.run(command)
                #expect(r.status == 0, "\(command): \(r.stderr)")
                let after = try #require(Self.node(null))
                #expect(after.type == S_IFCHR && after.device == before.device)
            }
        }
    }

    @Test func aClosedPipeExitsWithThree() throws {
        let dir = try temporaryDirectory()
        for command in try Self.everyCommand(dir) {
            let pipe = Pipe()
            try pipe.fileHandleForReading.close()  // nobody will ever read
            let r = try Taut.run(command, stdout: pipe.fileHandleForWriting)
            try pipe.fileHandleForWriting.close()
            #expect(r.status == 3, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("cannot write standard output: Broken pipe"), "\(command): \(r.stderr)")
        }
    }

    @Test func aSymbolicLinkIsFollowedAndStaysALink() throws {
        let dir = try temporaryDirectory()
        let fm = FileManager.default
        let target = dir.appendingPathComponent("target.csv"), link = dir.appendingPathComponent("link.csv")
        try "old\n".write(to: target, atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: link.path, withDestinationPath: "target.csv")
        let r = try Taut.run(["solve", "planar-tight-pec-minor", "--format", "csv", "--output", link.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.node(link.path)?.type == S_IFLNK, "the link stays a link")
        #expect(try fm.destinationOfSymbolicLink(atPath: link.path) == "target.csv")
        #expect(try String(contentsOf: target, encoding: .utf8).hasPrefix("case,"), "the target holds the report")
        // A sweep writes through the link too.
        let s = try Taut.run(Self.smallSweep + ["--output", link.path])
        #expect(s.status == 0, "\(s.stderr)")
        #expect(Self.node(link.path)?.type == S_IFLNK)
        let swept = try String(contentsOf: target, encoding: .utf8).split(separator: "\n")
        #expect(swept.first?.hasPrefix("# taut sweep ") == true && swept.dropFirst().first?.hasPrefix("pectoralis_minor.rest_length_scale,") == true)
        // A link to nothing: refused, nothing created.
        let dangling = dir.appendingPathComponent("dangling.csv")
        try fm.createSymbolicLink(atPath: dangling.path, withDestinationPath: "nowhere.csv")
        for command in [["solve", "planar-tight-pec-minor", "--output", dangling.path], Self.smallSweep + ["--output", dangling.path]] {
            let d = try Taut.run(command)
            #expect(d.status == 2 && d.stderr.contains("symbolic link to a file that does not exist"), "\(d.stderr)")
            #expect(!fm.fileExists(atPath: dir.appendingPathComponent("nowhere.csv").path))
            #expect(Self.node(dangling.path)?.type == S_IFLNK)
        }
        // A link to a device: written through (the device stays).
        if let null = Self.device("/dev/null", in: dir) {
            let toNull = dir.appendingPathComponent("null.txt")
            try fm.createSymbolicLink(atPath: toNull.path, withDestinationPath: null)
            let n = try Taut.run(["solve", "planar-tight-pec-minor", "--output", toNull.path])
            #expect(n.status == 0, "\(n.stderr)")
            #expect(Self.node(toNull.path)?.type == S_IFLNK && Self.node(null)?.type == S_IFCHR)
        }
    }

    /// A named pipe is written through (a reader gets the report) and stays a pipe.
    @Test func aNamedPipeIsWrittenThrough() throws {
        let dir = try temporaryDirectory()
        let fifo = dir.appendingPathComponent("report.fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo.path]
        let out = Pipe()
        reader.standardOutput = out
        try reader.run()
        let r = try Taut.run(["solve", "planar-tight-pec-minor", "--format", "csv", "--output", fifo.path])
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        reader.waitUntilExit()
        #expect(r.status == 0, "\(r.stderr)")
        #expect(text.hasPrefix("case,") && text.hasSuffix("\n"))
        #expect(Self.node(fifo.path)?.type == S_IFIFO)
    }

    /// A regular file is replaced atomically, keeping its mode; a write that fails (here
    /// a 512-byte file-size limit: EFBIG) leaves the old file whole and no temporary file.
    @Test func aFileIsReplacedAtomicallyOrLeftAsItWas() throws {
        let dir = try temporaryDirectory()
        let fm = FileManager.default
        let file = dir.appendingPathComponent("report.txt")
        try "old report\n".write(to: file, atomically: true, encoding: .utf8)
        try fm.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file.path)
        let limited = try Taut.run(["solve", "tight-pec-minor", "--output", file.path], shell: "ulimit -f 1")
        #expect(limited.status == 3, "\(limited.stderr)")
        #expect(limited.stderr.contains("cannot write \(file.path): File too large") && limited.stderr.contains("left as it was"), "\(limited.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8) == "old report\n")
        #expect(try fm.contentsOfDirectory(atPath: dir.path) == ["report.txt"], "no temporary file left")
        // A new path: nothing at all.
        let fresh = dir.appendingPathComponent("new.svg")
        let svg = try Taut.run(["solve", "tight-pec-minor", "--output", "/dev/null", "--svg", fresh.path], shell: "ulimit -f 1")
        #expect(svg.status == 3 && svg.stderr.contains("nothing written"), "\(svg.stderr)")
        #expect(try fm.contentsOfDirectory(atPath: dir.path) == ["report.txt"])
        // Without the limit: the whole report, the old mode kept.
        let r = try Taut.run(["solve", "tight-pec-minor", "--output", file.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8).contains("Scapula pose"))
        #expect((try fm.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int) == 0o640)
        #expect(try fm.contentsOfDirectory(atPath: dir.path) == ["report.txt"])
    }

    /// A sweep that runs out of room (a file-size limit: EFBIG; and, where this process may
    /// mount, a 64 KB tmpfs: ENOSPC) says so, exits 3, leaves whole rows only, and
    /// `--resume` completes the file to the bytes of an uninterrupted run.
    @Test func aSweepOutOfRoomKeepsWholeRowsAndResumes() throws {
        let dir = try temporaryDirectory()
        let whole = dir.appendingPathComponent("whole.csv")
        let w = try Taut.run(Self.smallSweep + ["--output", whole.path])
        #expect(w.status == 0)
        let full = try Data(contentsOf: whole)

        func check(_ file: URL, _ r: (status: Int32, stdout: String, stderr: String), limit: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
            #expect(r.status == 3, "\(r.stderr)", sourceLocation: sourceLocation)
            #expect(r.stderr.contains("cannot write \(file.path)") && r.stderr.contains("--resume"), "\(r.stderr)", sourceLocation: sourceLocation)
            let partial = try Data(contentsOf: file)
            #expect(partial.count <= limit && partial.count < full.count, sourceLocation: sourceLocation)
            #expect(full.starts(with: partial), "a prefix of the whole file", sourceLocation: sourceLocation)
            #expect(partial.isEmpty || partial.last == UInt8(ascii: "\n"), "whole rows only", sourceLocation: sourceLocation)
            // Rows: the whole lines after the record line (`# taut sweep …`) and the column names.
            let lines = String(decoding: partial, as: UTF8.self).split(separator: "\n")
            let rows = lines.filter { !$0.hasPrefix("#") }.count - 1
            #expect(rows < 0 || rows % 64 == 0, "whole chunks: \(rows) rows", sourceLocation: sourceLocation)
            #expect(r.stderr.contains("holds the first \(max(rows, 0)) of 540 rows"), "\(r.stderr)", sourceLocation: sourceLocation)
        }

        for (n, blocks) in [1, 40, 160].enumerated() {  // dash: 512-byte blocks
            let file = dir.appendingPathComponent("limited\(n).csv")
            let r = try Taut.run(Self.smallSweep + ["--output", file.path, "--threads", "2"], shell: "ulimit -f \(blocks)")
            try check(file, r, limit: blocks * 512)
            let resumed = try Taut.run(Self.smallSweep + ["--output", file.path, "--resume"])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(try Data(contentsOf: file) == full)
        }

        // A real full disk, when this process may mount a tmpfs (root in a sandbox).
        let mountPoint = dir.appendingPathComponent("small-disk")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint.path]
        mount.standardError = FileHandle.nullDevice
        guard (try? mount.run()) != nil else { return }
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else { return }
        defer {
            let umount = Process()
            umount.executableURL = URL(fileURLWithPath: "/bin/umount")
            umount.arguments = [mountPoint.path]
            try? umount.run()
            umount.waitUntilExit()
        }
        let onDisk = mountPoint.appendingPathComponent("sweep.csv")
        let r = try Taut.run(Self.smallSweep + ["--output", onDisk.path])
        #expect(r.stderr.contains("No space left on device"), "\(r.stderr)")
        try check(onDisk, r, limit: 64 * 1024)
        // Space comes back: move the file to the roomy disk and finish it there.
        let moved = dir.appendingPathComponent("moved.csv")
        try Data(contentsOf: onDisk).write(to: moved)
        let resumed = try Taut.run(Self.smallSweep + ["--output", moved.path, "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try Data(contentsOf: moved) == full)
    }

    /// A sweep locks its file: a second sweep onto it (with or without --resume) refuses
    /// with exit 2 and leaves the file untouched.
    @Test func aSecondSweepOnTheSameFileRefuses() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("sweep.csv")
        // Held by this process (flock, what a running sweep holds).
        try "rows of another sweep\n".write(to: file, atomically: true, encoding: .utf8)
        let fd = open(file.path, O_RDONLY)
        #expect(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        for extra in [[], ["--resume"]] as [[String]] {
            let r = try Taut.run(Self.smallSweep + ["--output", file.path] + extra)
            #expect(r.status == 2, "\(extra): \(r.stderr)")
            #expect(r.stderr.contains("locked") || r.stderr.contains("different sweep"), "\(r.stderr)")
            #expect(try String(contentsOf: file, encoding: .utf8) == "rows of another sweep\n", "the file is not touched")
        }
        // Nor does a solve replace a file a sweep is writing (it would go on writing a file
        // without a name, its rows lost).
        let solve = try Taut.run(["solve", "planar-tight-pec-minor", "--output", file.path])
        #expect(solve.status == 2 && solve.stderr.contains("locked"), "\(solve.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8) == "rows of another sweep\n", "the file is not replaced")
        close(fd)
        // Released: the sweep runs.
        let r = try Taut.run(Self.smallSweep + ["--output", file.path])
        #expect(r.status == 0, "\(r.stderr)")

        // Two real sweeps: the second refuses while the first runs; the first is unharmed.
        let big = dir.appendingPathComponent("big.csv")
        let arguments = ["sweep", "planar-tight-pec-minor", "--vary", "pectoralis_minor.rest_length_scale=0.6:1.2:1000",
                         "--vary", "serratus_anterior.stiffness_scale=0.5:1.5:400", "--shard", "2/4", "--threads", "1"]  // 100,000 points: still running when the second starts
        let first = Process()
        first.executableURL = Taut.executable
        first.arguments = arguments + ["--output", big.path]
        first.standardOutput = FileHandle.nullDevice
        first.standardError = FileHandle.nullDevice
        try first.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, ((try? FileManager.default.attributesOfItem(atPath: big.path)[.size] as? Int) ?? 0) < 1000 {
            Thread.sleep(forTimeInterval: 0.005)
        }
        let second = try Taut.run(arguments + ["--output", big.path])
        let sizeAfterSecond = (try? FileManager.default.attributesOfItem(atPath: big.path)[.size] as? Int) ?? 0
        first.interrupt()
        first.waitUntilExit()
        #expect(second.status == 2 && second.stderr.contains("locked"), "\(second.stderr)")
        #expect(first.terminationStatus == 130 || first.terminationStatus == 0)
        #expect(sizeAfterSecond >= 1000, "the second sweep did not truncate the first's file")
        let partial = try Data(contentsOf: big)
        #expect(partial.last == UInt8(ascii: "\n"))
        let rows = partial.filter { $0 == UInt8(ascii: "\n") }.count - 2  // after the header: record and column names
        #expect(rows % 64 == 0 || first.terminationStatus == 0, "only the first sweep's whole chunks: \(rows) rows")
    }

    @Test(arguments: [
        ["solve", "--format", "xml"],
        ["sweep", "planar-tight-pec-minor", "--threads", "-1"],
        ["sweep", "planar-tight-pec-minor", "--format", "xml"],
        ["bench", "--format", "xml"],
        ["bench", "--threads", "0"],
        ["bench", "--duration", "-1"],
        ["bench", "--duration", "1e300"],
        ["bench", "--duration", "1e21"],
        ["solve", "--no-such-option"],
        ["no-such-command", "x"],
    ])
    func usageErrorsExitWithTwo(_ arguments: [String]) throws {
        let r = try Taut.run(arguments)
        #expect(r.status == 2, "\(arguments): \(r.stderr)")
        #expect(r.stderr.contains("Error:") || r.stderr.contains("taut:"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    /// `--output` and `--svg` onto one file would leave only the picture: refused.
    @Test func reportAndPictureMayNotShareAFile() throws {
        let dir = try temporaryDirectory()
        let same = dir.appendingPathComponent("same.txt")
        for (output, svg) in [(same.path, same.path), (same.path, dir.path + "/./same.txt")] {
            let r = try Taut.run(["solve", "planar-tight-pec-minor", "--output", output, "--svg", svg])
            #expect(r.status == 2 && r.stderr.contains("same file"), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: same.path), "nothing written")
        }
    }

    @Test func helpExitsWithZero() throws {
        for arguments in [["--help"], ["solve", "--help"], ["help", "sweep"]] {
            let r = try Taut.run(arguments)
            #expect(r.status == 0, "\(arguments): \(r.stderr)")
            #expect(r.stdout.contains("USAGE:"), "\(arguments)")
        }
    }
}
