import Foundation
import TautCore

/// Which shard of a run a file holds: number K of N (1 ≤ K ≤ N), written `K/N` as
/// `--shard` takes it and a shard's record holds it.
public struct ShardNumber: Hashable, Sendable {
    public var number: Int
    public var count: Int

    public init(number: Int, count: Int) {
        precondition(count >= 1 && number >= 1 && number <= count, "shard \(number) of \(count)")
        self.number = number
        self.count = count
    }

    /// `K/N` with 1 ≤ K ≤ N; nil for anything else.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else { return nil }
        self.init(number: k, count: n)
    }

    /// From a file name `shard-K-of-N.csv` (nil for any other name).
    public init?(fileName: String) {
        guard fileName.hasPrefix("shard-"), fileName.hasSuffix(".csv") else { return nil }
        let middle = fileName.dropFirst(6).dropLast(4)
        guard let of = middle.range(of: "-of-") else { return nil }
        self.init("\(middle[..<of.lowerBound])/\(middle[of.upperBound...])")
        if fileName != self.fileName { return nil }
    }

    public var text: String { "\(number)/\(count)" }

    /// `shard-K-of-N.csv`: the name `scripts/slurm/taut-array.sbatch` gives shard K's file.
    public var fileName: String { "shard-\(number)-of-\(count).csv" }
}

/// The first line of a shard file, as `taut merge` reads it: `# taut KIND {JSON}`, KIND
/// `sweep` or `sample`, the JSON the record of what made the file (`SweepRecord`; the
/// sample record of `taut sample`). A shard's record is the whole run's record with
/// `"shard":"K/N"` as its last field; a record without one is a whole run (shard 1 of 1).
///
/// What merge needs of a record, beyond comparing it: the rows of each shard.
/// - `sweep`: `axes`, a list of `NAME=FROM:TO:STEPS`; the grid has the product of the
///   steps points, cut into `SweepChunks` (64 points a chunk, shard K of N taking chunks
///   [(K−1)·C/N, K·C/N) of the C chunks), one row a point.
/// - `sample`: `samples` (the sample count, a JSON integer) and `cases` (the list of the
///   cases each sample solves); samples are cut like a sweep's points (`SweepChunks`), and
///   each sample gives one row per case. Every other field (the seed, the scenario, the
///   model fingerprint…) is compared, not interpreted.
public struct ShardRecord {
    public static let shardKey = "shard"
    public static let kinds = ["sweep", "sample"]

    public var kind: String
    /// The whole run's record line, with its newline: the record without the shard field,
    /// which is the first line of the single-machine file (and of the merged one).
    public var runLine: String
    public var shard: ShardNumber
    /// The record's fields (the shard's included).
    let object: [String: Any]

    /// Reads a first line (without its newline); nil when it is not a record of a kind
    /// merge knows, or its JSON or shard field does not read.
    public init?(line: String) {
        guard let kind = Self.kinds.first(where: { line.hasPrefix("# taut \($0) {") }),
            let object = try? JSONSerialization.jsonObject(with: Data(line.dropFirst("# taut \(kind) ".count).utf8)) as? [String: Any]
        else { return nil }
        self.kind = kind
        self.object = object
        if let value = object[Self.shardKey] {
            // The shard field comes last, so that removing it gives the whole run's line.
            guard let text = value as? String, let shard = ShardNumber(text), shard.count > 1 else { return nil }
            let suffix = ",\"\(Self.shardKey)\":\"\(text)\"}"
            guard line.hasSuffix(suffix) else { return nil }
            self.shard = shard
            runLine = line.dropLast(suffix.count) + "}\n"
        } else {
            shard = ShardNumber(number: 1, count: 1)
            runLine = line + "\n"
        }
    }

    /// A field's value for messages: text, a list's items joined, a number.
    func text(_ key: String) -> String? {
        switch object[key] {
        case nil: return nil
        case let s as String: return s
        case let list as [Any]: return list.map { ($0 as? String) ?? "\($0)" }.joined(separator: ", ")
        case let n as NSNumber: return n.stringValue
        case let other?: return "\(other)"
        }
    }

    /// How this record's run differs from `reference`'s (the shard field aside), for the
    /// user: "case 'a' (the run: 'b'), axes '…' (the run: '…')".
    public func difference(from reference: ShardRecord) -> String {
        if kind != reference.kind { return "it is a \(kind) (the run is a \(reference.kind))" }
        let keys = Set(object.keys).union(reference.object.keys).subtracting([Self.shardKey])
        // In the order the reference's record line has them; keys it lacks last.
        func position(_ key: String) -> Int {
            reference.runLine.range(of: "\"\(key)\":").map { reference.runLine.distance(from: reference.runLine.startIndex, to: $0.lowerBound) } ?? Int.max
        }
        var parts: [String] = []
        func differ(_ key: String, _ mine: String?, _ theirs: String?) {
            parts.append("\(key) '\(InputError.clean(mine ?? "none", limit: 60))' (the run: '\(InputError.clean(theirs ?? "none", limit: 60))')")
        }
        for key in keys.sorted(by: { (position($0), $0) < (position($1), $1) }) {
            // Of two lists of as many items, the first item that differs.
            if let mine = object[key] as? [Any], let theirs = reference.object[key] as? [Any], mine.count == theirs.count {
                let items = zip(mine, theirs).map { ("\($0)", "\($1)") }
                if let k = items.firstIndex(where: { $0.0 != $0.1 }) { differ("\(key)[\(k)]", items[k].0, items[k].1) }
            } else if text(key) != reference.text(key) {
                differ(key, text(key), reference.text(key))
            }
        }
        return parts.isEmpty ? "its record line differs" : parts.joined(separator: ", ")
    }

    /// Something in a record that merge cannot count rows from.
    public struct Unreadable: Error {
        public var message: String
    }

    /// The rows the whole run has, and the rows of this record's shard (see the type).
    public func expectedRows() throws(Unreadable) -> (whole: Int, shard: Int) {
        let units: Int, rowsPerUnit: Int
        switch kind {
        case "sweep":
            guard let axes = object["axes"] as? [String], !axes.isEmpty else {
                throw Unreadable(message: "its record has no `axes` list")
            }
            var points = 1
            for axis in axes {
                guard let colon = axis.lastIndex(of: ":"), let steps = Int(axis[axis.index(after: colon)...]), steps >= 1 else {
                    throw Unreadable(message: "axis '\(InputError.clean(axis, limit: 60))' in its record is not NAME=FROM:TO:STEPS")
                }
                let (product, overflow) = points.multipliedReportingOverflow(by: steps)
                guard !overflow, product <= SweepGrid.maxPoints else { throw Unreadable(message: "its record's grid has more than 2^53 points") }
                points = product
            }
            units = points
            rowsPerUnit = 1
        case "sample":
            guard let samples = (object["samples"] as? NSNumber).flatMap({ Int(exactly: $0.doubleValue) }), samples >= 0, samples <= SweepGrid.maxPoints else {
                throw Unreadable(message: "its record has no sample count (`samples`, a whole number)")
            }
            guard let cases = object["cases"] as? [Any], !cases.isEmpty else {
                throw Unreadable(message: "its record has no `cases` list")
            }
            guard !samples.multipliedReportingOverflow(by: cases.count).overflow else {
                throw Unreadable(message: "its record's sample count × cases overflows")
            }
            units = samples
            rowsPerUnit = cases.count
        default:
            throw Unreadable(message: "merge does not know `\(kind)` records")
        }
        let slice = SweepSlice(totalPoints: units, shard: shard.number - 1, of: shard.count)
        return (units * rowsPerUnit, slice.points.count * rowsPerUnit)
    }
}

/// What `scripts/slurm/taut-array.sbatch` records of its array in `OUTDIR/taut-array.run`,
/// so that a resubmitted task runs the same shard of the same run and `taut merge` can
/// print the line that completes a shard. One `key=value` a line; values are shell words
/// as bash's `printf %q` writes them: `first_task` (the array's first index), `shards`
/// (N), `submit_dir`, `script`, `outdir` (as given to sbatch), `command` (`sweep …` or
/// `sample …`, the arguments after OUTDIR). Task T runs shard T − first_task + 1.
public struct ArrayRun: Equatable, Sendable {
    public static let fileName = "taut-array.run"

    public var firstTask: Int
    public var shards: Int
    public var submitDirectory: String
    public var script: String
    public var outdir: String
    public var command: String

    /// Reads `directory/taut-array.run`; nil when there is none or it does not read.
    public init?(directory: String) {
        let path = (directory as NSString).appendingPathComponent(Self.fileName)
        guard let data = FileManager.default.contents(atPath: path), data.count < 1 << 20 else { return nil }
        var values: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { return nil }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard let first = values["first_task"].flatMap({ Int($0) }), let shards = values["shards"].flatMap({ Int($0) }), shards >= 1,
            let submit = values["submit_dir"], let script = values["script"], let outdir = values["outdir"], let command = values["command"]
        else { return nil }
        (firstTask, self.shards, submitDirectory, self.script, self.outdir, self.command) = (first, shards, submit, script, outdir, command)
    }

    /// The line that runs `shards` again: `sbatch --array=T,… SCRIPT OUTDIR COMMAND`,
    /// after `cd SUBMIT_DIR &&` unless `currentDirectory` is the submit directory.
    public func completion(of shards: [ShardNumber], currentDirectory: String) -> String {
        let tasks = ShardMerge.ranges(shards.map { firstTask + $0.number - 1 })
        let cd = ShardMerge.shellWord(currentDirectory) == submitDirectory ? "" : "cd \(submitDirectory) && "
        return "\(cd)sbatch --array=\(tasks) \(script) \(outdir) \(command)"
    }
}

/// `taut merge`: checks that shard files are all N shards of one run, each complete, and
/// joins them into the single-machine file, reading each file twice (check, then copy) a
/// megabyte at a time: memory stays flat for any size.
public enum ShardMerge {
    /// One input file as the check found it.
    public struct Shard {
        public var path: String
        /// Nil: the first line is not a record (an empty file, one cut inside its first
        /// line, or not a shard).
        public var record: ShardRecord?
        /// The shard its name says (`shard-K-of-N.csv`).
        public var named: ShardNumber?
        /// The column-names line, when the file holds it whole.
        public var columns: [UInt8]?
        /// Bytes of the record and column lines.
        public var headerBytes: Int
        /// Whole lines after the header.
        public var rows: Int
        public var size: Int
        /// False when the file ends inside a line.
        public var endsWhole: Bool
        /// A running taut holds the file locked (its task is still writing it).
        public var beingWritten: Bool
    }

    /// Something wrong with one shard, or a shard missing.
    public struct Problem: Sendable {
        /// The file, or where a missing shard's file belongs.
        public var file: String
        public var message: String
        /// The shard to run again (with `--resume`) to mend it; nil when running it would
        /// not (a duplicate, another run's file).
        public var rerun: ShardNumber?
    }

    /// Why the shards were not merged: every problem found, and the lines that complete
    /// the shards to run again.
    public struct Refusal: Error {
        public var problems: [Problem]
        /// `sbatch --array=K …` per shard to run again, and one line for all of them
        /// (when there are several), from the folder's `ArrayRun`; without one, how to
        /// run the shard by hand.
        public var completions: [ShardNumber: String]
        public var completeAll: String?
    }

    /// The merge to do: the header to write, then the rows of each part in order.
    public struct Plan: Sendable {
        public struct Part: Sendable {
            public var path: String
            public var headerBytes: Int
            public var size: Int
        }
        public var header: String
        public var parts: [Part]
        public var rows: Int
        public var shards: Int
    }

    /// The files of `inputs`: a file as itself, a folder as its `shard-K-of-N.csv` files
    /// (in shard order); a file named twice (itself and in its folder) counts once.
    /// - Throws: `InputError` for an input that does not exist or a folder without shards.
    public static func files(_ inputs: [String]) throws(InputError) -> [String] {
        var files: [String] = []
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
                throw InputError(file: input, message: "no such file or folder")
            }
            guard isDirectory.boolValue else {
                files.append(input)
                continue
            }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: input)
            } catch {
                throw InputError(file: input, message: "cannot list the folder: \(error.localizedDescription)")
            }
            let shards = names.compactMap { name in ShardNumber(fileName: name).map { (name, $0) } }
                .sorted { ($0.1.count, $0.1.number) < ($1.1.count, $1.1.number) }
            if shards.isEmpty {
                var message = "no shard files (shard-K-of-N.csv) in the folder"
                if let run = ArrayRun(directory: input) {
                    message += "; the array recorded in \(ArrayRun.fileName) has \(run.shards) shards and wrote none yet"
                }
                throw InputError(file: input, message: message)
            }
            files += shards.map { (input as NSString).appendingPathComponent($0.0) }
        }
        var seen = Set<String>()
        return files.filter { seen.insert(URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path).inserted }
    }

    /// Longest first line (the record) or column line read, in bytes.
    static let lineLimit = 1 << 20

    /// Reads `path` through once: its header, its whole lines, whether it ends whole and
    /// whether a running taut holds it.
    /// - Throws: `InputError` when it cannot be opened or read.
    public static func inspect(_ path: String) throws(InputError) -> Shard {
        let fd = open(path, O_RDONLY | O_NOCTTY)
        if fd < 0 { throw InputError(file: path, message: "cannot read the file: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { throw InputError(file: path, message: "not a regular file") }
        // A sweep or sample writing the file holds an exclusive lock on it.
        let beingWritten = flock(fd, LOCK_SH | LOCK_NB) != 0 && (errno == EWOULDBLOCK || errno == EAGAIN)
        var shard = Shard(
            path: path, record: nil, named: ShardNumber(fileName: (path as NSString).lastPathComponent), columns: nil,
            headerBytes: 0, rows: 0, size: 0, endsWhole: true, beingWritten: beingWritten)
        var lines = 0
        // The header lines, kept while at most `lineLimit` bytes long.
        var header: [[UInt8]] = [[], []]
        var tooLong = [false, false]
        var last: UInt8 = UInt8(ascii: "\n")
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError(file: path, message: "cannot read the file: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            buffer.withUnsafeBytes { raw in
                let base = raw.baseAddress!
                var start = 0
                while start < n {
                    let end = memchr(base + start, 0x0A, n - start).map { base.distance(to: UnsafeRawPointer($0)) }
                    let stop = end ?? n
                    if lines < 2 && !tooLong[lines] {
                        if header[lines].count + stop - start > lineLimit {
                            tooLong[lines] = true
                        } else {
                            header[lines] += raw[start..<stop]
                        }
                    }
                    if end != nil { lines += 1 }
                    start = stop + 1
                }
            }
            last = buffer[n - 1]
            shard.size += n
        }
        shard.endsWhole = last == UInt8(ascii: "\n")
        if lines >= 1, !tooLong[0] { shard.record = ShardRecord(line: String(decoding: header[0], as: UTF8.self)) }
        if shard.record != nil, lines >= 2, !tooLong[1] {
            shard.columns = header[1]
            shard.headerBytes = header[0].count + header[1].count + 2
            shard.rows = lines - 2
        }
        return shard
    }

    /// Checks the shards of `inputs` (files, or folders of `shard-K-of-N.csv`).
    /// - Parameter currentDirectory: where the completion lines will be run from.
    /// - Throws: `InputError` for an input that cannot be read; `Refusal` naming every
    ///   missing, incomplete, duplicate or foreign shard.
    public static func plan(_ inputs: [String], currentDirectory: String) throws -> Plan {
        let shards = try files(inputs).map { path throws(InputError) in try inspect(path) }
        var problems: [Problem] = []

        // The run: the record (and shard count) most files share; ties go to the first file's.
        var groups: [String: [Int]] = [:]
        for (i, s) in shards.enumerated() {
            if let r = s.record { groups["\(r.shard.count) \(r.runLine)", default: []].append(i) }
        }
        guard let best = groups.values.max(by: { ($0.count, -$0[0]) < ($1.count, -$1[0]) }) else {
            for s in shards { problems.append(noRecord(s)) }
            throw Refusal(problems: problems, completions: [:], completeAll: nil)
        }
        let reference = shards[best[0]].record!
        let count = reference.shard.count
        let directory = (shards[best[0]].path as NSString).deletingLastPathComponent
        let expected: (whole: Int, shard: Int)
        do {
            expected = try reference.expectedRows()
        } catch {
            throw InputError(file: shards[best[0]].path, line: 1, message: error.message)
        }

        // Who claims which shard of the run.
        var claims: [Int: [Int]] = [:]
        for (i, s) in shards.enumerated() {
            if let r = s.record {
                if r.runLine == reference.runLine && r.shard.count == count {
                    claims[r.shard.number, default: []].append(i)
                } else if r.runLine == reference.runLine {
                    problems.append(Problem(
                        file: s.path, message: "shard \(r.shard.text) of another split of this run: the run has \(count) shard\(count == 1 ? "" : "s") (\(example(shards, best))); merge shards of one array", rerun: nil))
                } else {
                    problems.append(Problem(
                        file: s.path, message: "from another run: it was made with \(r.difference(from: reference)) (\(example(shards, best)))", rerun: nil))
                }
            } else if let named = s.named, named.count == count {
                // A file of the run's name that has no record yet: its task died early.
                claims[named.number, default: []].append(i)
            } else {
                problems.append(noRecord(s))
            }
        }

        var parts: [Plan.Part] = []
        var columns: [UInt8]?
        for k in 1...count {
            let number = ShardNumber(number: k, count: count)
            let expectedPath = (directory as NSString).appendingPathComponent(number.fileName)
            guard let claimants = claims[k] else {
                let here = shards.first { $0.path == expectedPath }
                let message = here == nil ? "missing: shard \(number.text) of the run" : "missing: shard \(number.text) of the run (the file here is another run's: move it away first)"
                problems.append(Problem(file: expectedPath, message: message, rerun: number))
                if problems.count > 1000 { break }
                continue
            }
            if claimants.count > 1 {
                problems.append(Problem(
                    file: shards[claimants[0]].path,
                    message: "duplicate: shard \(number.text) is also in \(claimants.dropFirst().map { shards[$0].path }.joined(separator: ", ")); keep one", rerun: nil))
                continue
            }
            let s = shards[claimants[0]]
            let rows = try expectedRows(of: s, reference: reference, path: s.path)
            if s.beingWritten {
                problems.append(Problem(file: s.path, message: "being written: a running taut holds it (\(s.rows) of \(rows) rows so far); wait for its task to end", rerun: nil))
            } else if s.record == nil || s.columns == nil {
                problems.append(Problem(file: s.path, message: "incomplete: \(s.size == 0 ? "empty" : "cut inside its header") (0 of \(rows) rows)", rerun: number))
            } else if let c = columns, c != s.columns {
                problems.append(Problem(file: s.path, message: "its column names differ from the run's other shards (another taut version?)", rerun: nil))
            } else if !s.endsWhole {
                problems.append(Problem(file: s.path, message: "incomplete: its last line is cut short (\(s.rows) whole rows of \(rows))", rerun: number))
            } else if s.rows < rows {
                problems.append(Problem(file: s.path, message: "incomplete: \(s.rows) of \(rows) rows", rerun: number))
            } else if s.rows > rows {
                problems.append(Problem(file: s.path, message: "\(s.rows) rows, more than shard \(number.text)'s \(rows): damaged, or not this run's", rerun: nil))
            } else {
                columns = columns ?? s.columns
                parts.append(Plan.Part(path: s.path, headerBytes: s.headerBytes, size: s.size))
            }
        }
        if !problems.isEmpty {
            // In file order: a shard's problems together.
            problems = problems.enumerated().sorted { ($0.element.file, $0.offset) < ($1.element.file, $1.offset) }.map(\.element)
            let rerun = problems.compactMap(\.rerun)
            var completions: [ShardNumber: String] = [:]
            var all: String?
            if let run = ArrayRun(directory: directory), run.shards == count {
                for n in rerun { completions[n] = run.completion(of: [n], currentDirectory: currentDirectory) }
                if rerun.count > 1 { all = run.completion(of: rerun, currentDirectory: currentDirectory) }
            } else {
                for n in rerun {
                    let file = (directory as NSString).appendingPathComponent(n.fileName)
                    completions[n] = "taut \(reference.kind) … --shard \(n.text) --output \(shellWord(file)) --resume (with the run's arguments; no \(ArrayRun.fileName) here to say them)"
                }
            }
            throw Refusal(problems: problems, completions: completions, completeAll: all)
        }
        // The single-machine file: the run's record, the column names, every row.
        let header = reference.runLine + String(decoding: columns ?? [], as: UTF8.self) + "\n"
        return Plan(header: header, parts: parts, rows: expected.whole, shards: count)
    }

    static func noRecord(_ s: Shard) -> Problem {
        Problem(file: s.path, message: s.size == 0 ? "empty, and not named shard-K-of-N.csv of the run" : "not a shard: its first line is not a `# taut sweep {…}` or `# taut sample {…}` record", rerun: nil)
    }

    /// "as shard-1-of-4.csv and 2 more": the files that make the run, for messages.
    static func example(_ shards: [Shard], _ group: [Int]) -> String {
        let name = (shards[group[0]].path as NSString).lastPathComponent
        return "the run's shards: " + name + (group.count > 1 ? " and \(group.count - 1) more" : "")
    }

    /// The rows shard `s` should have (a file without a record counts as the shard its name says).
    static func expectedRows(of s: Shard, reference: ShardRecord, path: String) throws -> Int {
        var record = reference
        record.shard = s.record?.shard ?? s.named!
        do {
            return try record.expectedRows().shard
        } catch {
            throw InputError(file: path, line: 1, message: error.message)
        }
    }

    /// Writes the plan's header, then each part's rows, a megabyte at a time, through
    /// `write`. Each part is locked for reading and must be as the check found it.
    /// - Throws: `InputError` for a part that changed or cannot be read; what `write` throws.
    public static func copy(_ plan: Plan, write: (UnsafeRawBufferPointer) throws -> Void) throws {
        var header = plan.header
        try header.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        for part in plan.parts {
            let fd = open(part.path, O_RDONLY | O_NOCTTY)
            if fd < 0 { throw InputError(file: part.path, message: "cannot read the file: \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            var st = stat()
            let locked = flock(fd, LOCK_SH | LOCK_NB) != 0
            guard !locked, fstat(fd, &st) == 0, Int(st.st_size) == part.size, lseek(fd, off_t(part.headerBytes), SEEK_SET) >= 0 else {
                throw InputError(file: part.path, message: "the file changed while it was merged (a task writing it?); run taut merge again")
            }
            var left = part.size - part.headerBytes
            while left > 0 {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, min($0.count, left)) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { throw InputError(file: part.path, message: "cannot read the file: \(n < 0 ? String(cString: strerror(errno)) : "it became shorter")") }
                try buffer.withUnsafeBytes { try write(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
                left -= n
            }
        }
    }

    /// `1-3,7,9-10`: sorted numbers as sbatch's `--array` takes them.
    public static func ranges(_ numbers: [Int]) -> String {
        var out: [String] = []
        var sorted = Array(Set(numbers)).sorted()[...]
        while let first = sorted.first {
            var last = first
            sorted = sorted.dropFirst()
            while sorted.first == last + 1 {
                last += 1
                sorted = sorted.dropFirst()
            }
            out.append(first == last ? "\(first)" : "\(first)-\(last)")
        }
        return out.joined(separator: ",")
    }

    /// `text` as one shell word: itself when it holds only characters no shell treats
    /// specially (as bash's `printf %q` leaves it), else single-quoted.
    public static func shellWord(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { c in
            c.isASCII && (CharacterSet.alphanumerics.contains(c) || "/._+-:@%=".unicodeScalars.contains(c))
        }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
