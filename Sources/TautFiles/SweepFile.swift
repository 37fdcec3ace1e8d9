import Foundation

/// A CSV file as `taut sweep` writes it, read for plotting: a header line, then rows
/// of the same width. The sweep axes are the columns before `converged`.
/// Blank lines and lines starting with `#` are skipped; fields may be quoted (RFC 4180).
public struct SweepFile: Sendable {
    public struct Row: Sendable {
        /// 1-based line where the row starts.
        public var line: Int
        public var fields: [String]
    }

    public let file: String
    public let columns: [String]
    public let rows: [Row]
    /// Things the reader tolerated, for the user (e.g. an incomplete last line).
    public let warnings: [String]

    /// - Throws: `InputError` naming the file, the line and (where it applies) the column.
    public static func parse(_ text: String, file: String) throws -> SweepFile {
        let trimmed = text.drop(while: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" })
        if trimmed.hasPrefix("{") {
            throw InputError(
                file: file, line: 1,
                message: "this looks like JSON lines; `taut plot` reads CSV (run `taut sweep` with --format csv)")
        }
        var records = try records(text, file: file)
        guard let header = records.first else {
            throw InputError(file: file, message: "the file is empty: expected a CSV header line (a sweep from `taut sweep`)")
        }
        records.removeFirst()
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var seen = Set<String>()
        for (k, c) in columns.enumerated() {
            if c.isEmpty { throw InputError(file: file, line: header.line, message: "header column \(k + 1) has no name") }
            if !seen.insert(c).inserted { throw InputError(file: file, line: header.line, key: c, message: "duplicate column name") }
        }
        var warnings: [String] = []
        var rows: [Row] = []
        for (i, r) in records.enumerated() where r.fields.count != columns.count {
            // A sweep killed mid-write may leave a partial last line: skip it, say so.
            if i == records.count - 1 && !r.terminated && r.fields.count < columns.count {
                warnings.append("\(file):\(r.line): incomplete last line skipped (an interrupted sweep? `taut sweep --resume` completes it)")
                records.removeLast()
                break
            }
            throw InputError(
                file: file, line: r.line,
                message: "the row has \(r.fields.count) fields, the header \(columns.count): not a sweep CSV, or a damaged one")
        }
        rows = records.map { Row(line: $0.line, fields: $0.fields) }
        return SweepFile(file: file, columns: columns, rows: rows, warnings: warnings)
    }

    /// The sweep axes: the columns before `converged` (none when there is no such column).
    public var axisColumns: [String] {
        guard let k = columns.firstIndex(of: "converged") else { return [] }
        return Array(columns[..<k])
    }

    /// The index of `column`, or an error naming the option it came from, near matches
    /// and the columns there are.
    public func index(of column: String, option: String) throws -> Int {
        if let k = columns.firstIndex(of: column) { return k }
        let lower = column.lowercased()
        let near = columns.filter { $0.lowercased().contains(lower) || lower.contains($0.lowercased()) }.prefix(5)
        var message = "no column '\(column)' in the file"
        if !near.isEmpty { message += "; did you mean " + near.map { "'\($0)'" }.joined(separator: " or ") + "?" }
        message += " The columns are: " + columns.joined(separator: ", ")
        throw InputError(file: file, line: 1, key: option, message: message)
    }

    /// The number in `row` at column `k`: nil for an empty field or NaN (a point without
    /// equilibrium), 1/0 for true/false.
    /// - Throws: `InputError` naming the line and column for anything else that is not a number.
    public func number(_ row: Row, _ k: Int) throws -> Double? {
        let s = row.fields[k].trimmingCharacters(in: .whitespaces)
        if s.isEmpty { return nil }
        switch s.lowercased() {
        case "null": return nil
        case "true": return 1
        case "false": return 0
        default: break
        }
        guard let v = Double(s) else {
            throw InputError(file: file, line: row.line, key: columns[k], message: "\(InputError.quote(s)) is not a number")
        }
        // Taut writes no inf or nan (a failed point's fields are empty): such a cell is not
        // a sweep's.
        guard v.isFinite else {
            throw InputError(file: file, line: row.line, key: columns[k], message: "\(InputError.quote(s)) is not a finite number")
        }
        return v
    }

    // MARK: Tokenizer

    struct Record {
        var line: Int
        var fields: [String]
        /// False for a last record the file ends in without a newline.
        var terminated: Bool
    }

    static func records(_ text: String, file: String) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false, inQuotes = false, fieldStarted = false
        var line = 1, recordLine = 1
        var chars = Array(text.unicodeScalars)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        var comment = false
        func endRecord(terminated: Bool) {
            fields.append(field)
            let blank = fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty && !quoted
            if !blank { records.append(Record(line: recordLine, fields: fields, terminated: terminated)) }
            fields = []
            field = ""
            quoted = false
            fieldStarted = false
        }
        while i < chars.count {
            let c = chars[i]
            if comment {
                if c == "\n" {
                    comment = false
                    line += 1
                    recordLine = line
                }
                i += 1
                continue
            }
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case "#" where fields.isEmpty && !fieldStarted:
                comment = true
            case "\"" where !fieldStarted:
                inQuotes = true
                quoted = true
                fieldStarted = true
            case ",":
                fields.append(field)
                field = ""
                fieldStarted = false
                quoted = false
            case "\r":
                break
            case "\n":
                endRecord(terminated: true)
                line += 1
                recordLine = line
            default:
                if quoted {
                    throw InputError(file: file, line: line, message: "text after a closing quote in field \(fields.count + 1)")
                }
                field.unicodeScalars.append(c)
                fieldStarted = true
            }
            i += 1
        }
        if inQuotes { throw InputError(file: file, line: recordLine, message: "a quoted field is not closed") }
        if fieldStarted || !fields.isEmpty || !field.isEmpty { endRecord(terminated: false) }
        return records
    }
}
