import Foundation
import TautCore

/// Output formats of `taut sweep`.
public enum SweepFormat: String, CaseIterable, Sendable {
    case csv, jsonl
}

/// The rows of a sweep (DESIGN.md section 4): per grid point the axis values, converged,
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

    public init(problem: SweepProblem, format: SweepFormat) {
        self.format = format
        grid = problem.grid
        var columns = problem.grid.axes.map(\.name)
        columns += [
            "converged", "iterations", "residual_n", "stable", "x_mm", "y_mm", "z_mm", "protraction_deg",
            "lateral_rotation_deg", "posterior_tilt_deg",
        ]
        for m in problem.caseModel.muscles { columns += ["\(m.name)_length_mm", "\(m.name)_strain", "\(m.name)_tension_n"] }
        self.columns = columns
        muscleCount = problem.caseModel.muscles.count
        quotedColumns = columns.map(format == .csv ? Self.csvField : JSON.quote)
    }

    /// The first line of the file (CSV only), with its newline.
    public var header: String? {
        format == .csv ? quotedColumns.joined(separator: ",") + "\n" : nil
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

    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
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
    public static func check(path: String, table: SweepTable, header: String?, points: Range<Int>) throws -> State {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(file: path, message: "cannot read the file to resume")
        }
        defer { try? handle.close() }
        var state = State(keptBytes: 0, hasHeader: false, rows: 0)
        var line: [UInt8] = []
        var lineNumber = 0
        let headerBytes = header.map { Array($0.utf8.dropLast()) }
        func different(_ why: String) -> InputError {
            InputError(file: path, line: lineNumber, message: "resume file from a different sweep: \(why)")
        }
        func accept(_ line: [UInt8]) throws {
            lineNumber += 1
            if let headerBytes, lineNumber == 1 {
                if line != headerBytes { throw different("the header does not match this sweep's columns") }
                state.hasHeader = true
                return
            }
            let index = points.lowerBound + state.rows
            if index >= points.upperBound { throw different("it has more rows than this sweep (\(points.count))") }
            let prefix = Array(table.prefix(ofRow: index).utf8)
            if !line.starts(with: prefix) {
                throw different("row \(state.rows + 1) should start with \(String(decoding: prefix, as: UTF8.self))")
            }
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
        return state
    }
}
