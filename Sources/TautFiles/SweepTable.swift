import Foundation
import TautCore

/// Output formats of `taut sweep`.
public enum SweepFormat: String, CaseIterable, Sendable {
    case csv, jsonl
}

/// The rows of a sweep (docs/DESIGN.md section 4): per grid point the axis values, converged,
/// iterations, residual_n (net force, N), stable, the scapula pose (origin in mm, ISB
/// angles in degrees) and per muscle its length (mm), strain and tension (N). Numbers are
/// written with full round-trip precision; a point without equilibrium has empty (CSV) or
/// null (JSON lines) pose and muscle fields.
public struct SweepTable: Sendable {
    public let format: SweepFormat
    public let grid: SweepGrid
    /// The column names, in order (also the JSON keys).
    public let columns: [String]
    private let muscleCount: Int
    private let quotedColumns: [String]

    /// What made the sweep; a CSV header starts with its line (`SweepRecord.line`).
    public let record: SweepRecord?

    public init(problem: SweepProblem, format: SweepFormat, record: SweepRecord? = nil) {
        self.format = format
        self.record = record
        grid = problem.grid
        var columns = problem.grid.axes.map(\.name)
        columns += [
            "converged", "iterations", "residual_n", "stable", "x_mm", "y_mm", "z_mm", "protraction_deg",
            "lateral_rotation_deg", "posterior_tilt_deg",
        ]
        for m in problem.caseModel.muscles { columns += ["\(m.name)_length_mm", "\(m.name)_strain", "\(m.name)_tension_n"] }
        self.columns = columns
        muscleCount = problem.caseModel.muscles.count
        quotedColumns = columns.map(format == .csv ? csvField : JSON.quote)
    }

    /// The header of the file (CSV only): the record line when there is a record, then
    /// the column names, each line with its newline.
    public var header: String? {
        format == .csv ? (record?.line ?? "") + quotedColumns.joined(separator: ",") + "\n" : nil
    }

    /// What row `index` starts with: its axis values and the separator after them. Rows
    /// of the same sweep, and only those, agree on it (used to check a resume file).
    public func prefix(ofRow index: Int) -> String {
        var out = format == .csv ? "" : "{"
        appendAxes(index, to: &out)
        return out
    }

    private func appendAxes(_ index: Int, to out: inout String) {
        for (k, v) in grid.values(at: index).enumerated() {
            if format == .jsonl { out += quotedColumns[k] + ":" }
            out += Self.number(v, json: format == .jsonl)
            out += ","
        }
    }

    /// The rows of `points` whose index is at least `firstIndex`, each ending in a newline.
    public func rows(_ points: [SweepPoint], from firstIndex: Int = 0) -> String {
        var out = ""
        out.reserveCapacity(points.count * (40 + 60 * muscleCount))
        for p in points where p.index >= firstIndex { appendRow(p, to: &out) }
        return out
    }

    /// One row with its newline.
    public func row(_ point: SweepPoint) -> String {
        var out = ""
        appendRow(point, to: &out)
        return out
    }

    private func appendRow(_ p: SweepPoint, to out: inout String) {
        let json = format == .jsonl
        if json { out += "{" }
        appendAxes(p.index, to: &out)
        var column = grid.axes.count
        func field(_ text: String) {
            if json { out += quotedColumns[column] + ":" }
            out += text
            column += 1
            if column < columns.count { out += "," }
        }
        func number(_ x: Double?) { field(x.map { Self.number($0, json: json) } ?? (json ? "null" : "")) }
        switch p.outcome {
        case .success(let e):
            field("true")
            field(String(p.iterations))
            number(e.forceResidual)
            field(e.stability.isStable ? "true" : "false")
            let x = e.pose.position * 1000
            number(x.x)
            number(x.y)
            number(x.z)
            let angles = ISBAngles(e.pose.rotation)
            number(angles.protraction)
            number(angles.lateralRotation)
            number(angles.posteriorTilt)
            for m in e.muscles {
                number(m.length * 1000)
                number(m.strain)
                number(m.tension)
            }
        case .failure(let error):
            field("false")
            field(String(p.iterations))
            if case .noConvergence(_, let force, _, _, _) = error, force.isFinite { number(force) } else { number(nil) }
            field("false")
            for _ in 0..<(6 + 3 * muscleCount) { number(nil) }
        }
        out += json ? "}\n" : "\n"
    }

    /// Shortest round-trip text of `x` (Swift's description); JSON has no NaN or infinity.
    static func number(_ x: Double, json: Bool) -> String {
        if x.isFinite { return "\(x)" }
        return json ? "null" : "\(x)"
    }
}

/// Checks an existing sweep output before `--resume` appends to it.
public enum SweepResume {
    public struct State: Equatable, Sendable {
        /// Bytes of whole lines to keep (a partial last line is cut off).
        public var keptBytes: Int
        /// Whether the kept part holds the header line.
        public var hasHeader: Bool
        /// Complete rows present, from the first row of the shard.
        public var rows: Int
    }

    /// Reads the file at `path` line by line (memory stays flat) and checks that it is a
    /// prefix of this sweep's output for the grid points `points`: the header when
    /// `header` is given, then rows whose axis values are the expected ones, in order.
    /// - Throws: `InputError` "resume file from a different sweep" naming the first
    ///   line that does not fit, or one that cannot be read.
    ///
    /// A file without a header (JSON lines) has no record of what made it; for those,
    /// `verify` renders the rows of the given grid points as this sweep computes them, and
    /// the file's rows of the shard's first chunk must be those bytes (another case, model
    /// or `--cold` gives other rows).
    public static func check(
        path: String, table: SweepTable, header: String?, points: Range<Int>,
        verify: ((Range<Int>) throws -> String)? = nil
    ) throws -> State {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(file: path, message: "cannot read the file to resume")
        }
        defer { try? handle.close() }
        var state = State(keptBytes: 0, hasHeader: false, rows: 0)
        var line: [UInt8] = []
        var lineNumber = 0
        let headerLines = header.map { $0.split(separator: "\n").map { Array($0.utf8) } } ?? []
        var firstChunk: [[UInt8]] = []
        func different(_ why: String) -> InputError {
            InputError(file: path, line: lineNumber, message: "resume file from a different sweep: \(why)")
        }
        func accept(_ line: [UInt8]) throws {
            lineNumber += 1
            if lineNumber <= headerLines.count {
                let expected = headerLines[lineNumber - 1]
                if line != expected {
                    if let record = table.record, expected == Array(record.line.utf8.dropLast()) {
                        throw different(record.difference(fromLine: String(decoding: line, as: UTF8.self)))
                    }
                    throw different("the header does not match this sweep's columns")
                }
                if lineNumber == headerLines.count { state.hasHeader = true }
                return
            }
            let index = points.lowerBound + state.rows
            if index >= points.upperBound { throw different("it has more rows than this sweep (\(points.count))") }
            let prefix = Array(table.prefix(ofRow: index).utf8)
            if !line.starts(with: prefix) {
                throw different("row \(state.rows + 1) should start with \(InputError.clean(String(decoding: prefix, as: UTF8.self), limit: 80))")
            }
            if state.rows < SweepChunks.size { firstChunk.append(line) }
            state.rows += 1
        }
        while true {
            let data: Data
            do {
                data = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw InputError(file: path, message: "cannot read the file to resume: \(error.localizedDescription)")
            }
            if data.isEmpty { break }
            for byte in data {
                if byte == UInt8(ascii: "\n") {
                    try accept(line)
                    state.keptBytes += line.count + 1
                    line.removeAll(keepingCapacity: true)
                } else {
                    line.append(byte)
                }
            }
        }
        // A header cut short is written again whole.
        if !headerLines.isEmpty && !state.hasHeader { state.keptBytes = 0 }
        if let verify, !firstChunk.isEmpty {
            let chunk = points.lowerBound..<min(points.upperBound, points.lowerBound + SweepChunks.size)
            let expected = try verify(chunk).split(separator: "\n", omittingEmptySubsequences: false)
            for (k, line) in firstChunk.enumerated() where k >= expected.count || Array(expected[k].utf8) != line {
                lineNumber = headerLines.count + k + 1
                throw different("row \(k + 1) is not what this sweep computes (made with another case, model or --cold?)")
            }
        }
        return state
    }
}

/// What made a sweep file, all that a `--resume` must match: the scenario, its model
/// (name and a fingerprint of every number of the scenario's and the case's model), the
/// case, cold or warm starts, the axes, and for a shard which one (`--shard K/N`, N > 1).
/// A CSV sweep's first line records it, as `# taut sweep {…}` (JSON; `taut plot` and other
/// CSV readers skip `#` lines). A shard's record is the whole run's with `"shard":"K/N"`
/// as its last field (`ShardRecord` reads it back for `taut merge`).
public struct SweepRecord: Equatable, Sendable {
    public var scenario: String
    public var model: String
    /// FNV-1a (64 bits) of the scenario's and the varied case's models as JSON.
    public var fingerprint: String
    public var caseName: String
    public var cold: Bool
    public var axes: [SweepAxis]
    /// Which shard of the run the file holds; nil for the whole run (also `--shard 1/1`).
    public var shard: ShardNumber?

    public init(scenario: String, problem: SweepProblem, cold: Bool, shard: ShardNumber? = nil) {
        self.scenario = scenario
        model = problem.scenarioModel.name
        let text = ModelWriter.json(problem.scenarioModel).serialized() + "\n" + ModelWriter.json(problem.caseModel).serialized()
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        fingerprint = String(hash, radix: 16)
        caseName = problem.caseName
        self.cold = cold
        axes = problem.grid.axes
        self.shard = shard.flatMap { $0.count > 1 ? $0 : nil }
    }

    /// The record's fields, in order: text, or for `axes` a list of texts.
    var fields: [(key: String, values: [String], list: Bool)] {
        [
            ("scenario", [scenario], false), ("model", [model], false), ("model_fingerprint", [fingerprint], false),
            ("case", [caseName], false), ("starts", [cold ? "cold" : "warm"], false),
            ("axes", axes.map { "\($0.name)=\($0.from):\($0.to):\($0.steps)" }, true),
        ] + (shard.map { [(ShardRecord.shardKey, [$0.text], false)] } ?? [])
    }

    public static let linePrefix = "# taut sweep "

    /// The record line, with its newline.
    public var line: String {
        let object = JSON.object(fields.map { f in (f.key, f.list ? .array(f.values.map(JSON.string)) : .string(f.values[0])) })
        return Self.linePrefix + object.serialized() + "\n"
    }

    /// How a file's first line differs from this record, for the user.
    func difference(fromLine line: String) -> String {
        guard line.hasPrefix(Self.linePrefix),
            let object = try? JSONSerialization.jsonObject(with: Data(line.dropFirst(Self.linePrefix.count).utf8)) as? [String: Any]
        else {
            return "its first line is not a record of what made it (a file from another program, or an older taut)"
        }
        var parts: [String] = []
        for f in fields {
            let theirs = (object[f.key] as? [String]) ?? (object[f.key] as? String).map { [$0] }
            if theirs != f.values {
                let text = theirs.map { $0.joined(separator: ", ") } ?? "none"
                parts.append("\(f.key) '\(InputError.clean(text, limit: 50))' (this run: '\(InputError.clean(f.values.joined(separator: ", "), limit: 50))')")
            }
        }
        if shard == nil, let theirs = object[ShardRecord.shardKey] as? String {
            parts.append("shard '\(InputError.clean(theirs, limit: 50))' (this run: the whole grid)")
        }
        return parts.isEmpty ? "its record line differs" : "it was made with " + parts.joined(separator: ", ")
    }
}
