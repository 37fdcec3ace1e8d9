import Foundation
import TautCore

/// A CSV file of named scapula poses, read for `taut lengths`: a header naming the seven
/// columns `name,x_m,y_m,z_m,protraction_deg,lateral_rotation_deg,posterior_tilt_deg` (in
/// any order, no others), then one pose a row. The position is the scapula frame's origin
/// (the angulus acromialis) in the thorax frame, m; the angles are ISB Y-X-Z (`ISBAngles`),
/// degrees. Blank lines and lines starting with `#` are skipped; fields may be quoted
/// (RFC 4180), as in a sweep file (`SweepFile.records` tokenizes both).
public struct PosesFile: Sendable {
    /// One pose, with the line it came from (1-based).
    public struct Entry: Sendable {
        public var name: String
        public var line: Int
        public var pose: Pose
        public var angles: ISBAngles
    }

    public static let columns = ["name", "x_m", "y_m", "z_m", "protraction_deg", "lateral_rotation_deg", "posterior_tilt_deg"]

    public let file: String
    public let entries: [Entry]

    /// Reads a poses file from disk.
    /// - Throws: `InputError` (the file cannot be read, or as `parse`).
    public static func load(_ path: String) throws -> PosesFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, message: "cannot read the file (does it exist?)")
        }
        return try parse(try utf8Text(data, file: path), file: path)
    }

    /// - Throws: `InputError` naming the file, the line and the column: a missing, unknown
    ///   or duplicate column, a row of the wrong width, an empty or duplicate name, a field
    ///   that is not a finite number, a position farther than `Scapula.originRange` from the
    ///   thorax origin, an angle outside `ISBAngles.degreesRange`; a file without poses.
    public static func parse(_ text: String, file: String) throws -> PosesFile {
        var records = try SweepFile.records(text, file: file)
        guard !records.isEmpty else {
            throw InputError(file: file, message: "the file is empty: expected the header " + columns.joined(separator: ","))
        }
        let header = records.removeFirst()
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var index: [String: Int] = [:]
        for (k, c) in names.enumerated() {
            guard columns.contains(c) else {
                throw InputError(
                    file: file, line: header.line, key: c.isEmpty ? "column \(k + 1)" : c,
                    message: "unknown column; the columns are " + columns.joined(separator: ","))
            }
            if index[c] != nil { throw InputError(file: file, line: header.line, key: c, message: "duplicate column") }
            index[c] = k
        }
        if let missing = columns.first(where: { index[$0] == nil }) {
            throw InputError(file: file, line: header.line, key: missing, message: "missing column; the columns are " + columns.joined(separator: ","))
        }
        var seen: [String: Int] = [:]
        var entries: [Entry] = []
        for r in records {
            guard r.fields.count == names.count else {
                throw InputError(file: file, line: r.line, message: "the row has \(r.fields.count) fields, the header \(names.count)")
            }
            func field(_ c: String) -> String { r.fields[index[c]!] }
            func number(_ c: String) throws -> Double {
                let s = field(c).trimmingCharacters(in: .whitespaces)
                guard let v = Double(s) else {
                    throw InputError(file: file, line: r.line, key: c, message: "\(InputError.quote(s)) is not a number")
                }
                guard v.isFinite else {
                    throw InputError(file: file, line: r.line, key: c, message: "\(InputError.quote(s)) is not a finite number")
                }
                return v
            }
            func angle(_ c: String) throws -> Double {
                let v = try number(c)
                guard ISBAngles.degreesRange.contains(v) else {
                    throw InputError(file: file, line: r.line, key: c, message: ISBAngles.degreesRange.complaint(v))
                }
                return v
            }
            let name = field("name").trimmingCharacters(in: .whitespaces)
            if name.isEmpty { throw InputError(file: file, line: r.line, key: "name", message: "a pose needs a name") }
            if let first = seen[name] {
                throw InputError(file: file, line: r.line, key: "name", message: "duplicate pose name \(InputError.quote(name)) (first on line \(first))")
            }
            seen[name] = r.line
            let position = Vector3(try number("x_m"), try number("y_m"), try number("z_m"))
            guard Scapula.originRange.contains(position.length) else {
                throw InputError(
                    file: file, line: r.line, key: "x_m,y_m,z_m",
                    message: "the position " + Scapula.originRange.complaint(position.length, lead: "must lie"))
            }
            let angles = ISBAngles(
                protraction: try angle("protraction_deg"), lateralRotation: try angle("lateral_rotation_deg"),
                posteriorTilt: try angle("posterior_tilt_deg"))
            entries.append(Entry(name: name, line: r.line, pose: Pose(position: position, rotation: angles.rotation), angles: angles))
        }
        guard !entries.isEmpty else { throw InputError(file: file, line: header.line, message: "no poses after the header") }
        return PosesFile(file: file, entries: entries)
    }
}
