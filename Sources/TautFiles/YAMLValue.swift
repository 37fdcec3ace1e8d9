import Foundation
import TautCore
import Yams

/// A node of a YAML (or JSON) document with where it came from, and typed readers
/// that fail with an `InputError` naming file, line and key.
struct YAMLValue {
    let node: Node
    let file: String
    /// Dotted path from the document root, e.g. `muscles[2].path[0].point`.
    let path: String

    var line: Int? { node.mark?.line }

    func error(_ message: String) -> InputError {
        InputError(file: file, line: line, key: path, message: message)
    }

    static func parse(_ text: String, file: String) throws -> YAMLValue {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw InputError(file: file, line: 1, message: "the file is empty")
            }
            return YAMLValue(node: node, file: file, path: "")
        } catch let e as InputError {
            throw e
        } catch let e as YamlError {
            throw Self.error(e, file: file, text: text)
        } catch {
            throw InputError(file: file, line: 1, message: "not valid YAML")
        }
    }

    /// The parser's complaint, located, in one short line: its problem and column, never
    /// the offending text (which may be megabytes long).
    private static func error(_ error: YamlError, file: String, text: String) -> InputError {
        func located(_ problem: String, _ context: YamlError.Context?, _ mark: Mark) -> InputError {
            var message = "not valid YAML: \(problem) (column \(mark.column))"
            if let context { message += " \(context.text) from line \(context.mark.line)" }
            return InputError(file: file, line: mark.line, message: message)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return located(problem, context, mark)
        case .reader(let problem, let offset, let value, _):
            // `offset` counts characters from the start of the text.
            let line = 1 + (offset.map { text.prefix($0).reduce(0) { $0 + ($1.isNewline ? 1 : 0) } } ?? 0)
            let character = value >= 0 ? " (character U+\(String(value, radix: 16, uppercase: true)))" : ""
            return InputError(file: file, line: line, message: "not valid YAML: \(problem)\(character)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // The parser marks the first of the keys; name the line of the second.
            let key = duplicates.first ?? ""
            var line = context.mark.line
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if line >= 1 && line <= lines.count {
                let escaped = NSRegularExpression.escapedPattern(for: key)
                let pattern = #"(^|[\s{,\-])["']?"# + escaped + #"["']?\s*:"#
                let firstCount = lines[line - 1].ranges(of: pattern)
                if firstCount < 2, let next = lines[line...].firstIndex(where: { $0.ranges(of: pattern) > 0 }) { line = next + 1 }
            }
            return InputError(
                file: file, line: line, key: duplicatePath(key, line: line, in: lines) ?? key,
                message: "duplicate key \(InputError.quote(key))")
        default:
            return InputError(file: file, line: 1, message: "not valid YAML")
        }
    }

    /// The dotted path (as the readers name keys) of the duplicate `key` on line `line`:
    /// the text is parsed again with that occurrence renamed, and the renamed key is
    /// looked for in the tree (at most 100,000 nodes, so an alias bomb is not walked).
    private static func duplicatePath(_ key: String, line: Int, in lines: [Substring]) -> String? {
        guard line >= 1 && line <= lines.count, !key.isEmpty, let range = lines[line - 1].range(of: key) else { return nil }
        let sentinel = "taut-duplicate-\(UInt64.random(in: 0...UInt64.max))"
        var edited = lines
        edited[line - 1].replaceSubrange(range, with: sentinel)
        guard let root = try? Yams.compose(yaml: edited.joined(separator: "\n")) else { return nil }
        var budget = 100_000
        func find(_ node: Node, _ path: String) -> String? {
            budget -= 1
            if budget < 0 { return nil }
            switch node {
            case .mapping(let m):
                for (k, v) in m {
                    guard case .scalar(let s) = k else { continue }
                    if s.string == sentinel { return path.isEmpty ? key : "\(path).\(key)" }
                    if let found = find(v, path.isEmpty ? s.string : "\(path).\(s.string)") { return found }
                }
            case .sequence(let items):
                for (i, item) in items.enumerated() {
                    if let found = find(item, YAMLValue(node: item, file: "", path: path).itemPath(i)) { return found }
                }
            default:
                break
            }
            return nil
        }
        return find(root, "")
    }

    /// The path of item `i` of this list: `path[i]`, with the item's `name` when it has one.
    func itemPath(_ i: Int) -> String {
        var itemPath = "\(path)[\(i)]"
        if case .mapping(let m) = node, case .scalar(let name)? = m["name"], !name.string.isEmpty {
            itemPath += " (\(InputError.clean(name.string, limit: 40)))"
        }
        return itemPath
    }

    private func child(_ node: Node, _ key: String) -> YAMLValue {
        YAMLValue(node: node, file: file, path: path.isEmpty ? key : "\(path).\(key)")
    }

    /// The entries of a mapping whose keys must all be in `allowed`.
    func mapping(allowed: [String]) throws -> Fields {
        guard case .mapping(let m) = node else { throw error("expected a mapping with keys \(allowed.joined(separator: ", "))") }
        var entries: [(String, YAMLValue)] = []
        for (k, v) in m {
            guard case .scalar(let s) = k else { throw error("keys must be plain words") }
            let key = s.string
            let value = child(v, key)
            if !allowed.contains(key) {
                throw InputError(
                    file: file, line: k.mark?.line ?? line, key: value.path,
                    message: "unknown key \(InputError.quote(key)) (allowed here: \(allowed.joined(separator: ", ")))")
            }
            if entries.contains(where: { $0.0 == key }) {
                throw InputError(file: file, line: k.mark?.line ?? line, key: value.path, message: "duplicate key \(InputError.quote(key))")
            }
            entries.append((key, value))
        }
        return Fields(owner: self, entries: entries)
    }

    /// A mapping with arbitrary keys (e.g. landmarks), in document order.
    func anyMapping() throws -> [(String, YAMLValue)] {
        guard case .mapping(let m) = node else { throw error("expected a mapping") }
        var result: [(String, YAMLValue)] = []
        for (k, v) in m {
            guard case .scalar(let s) = k else { throw error("keys must be plain words") }
            if result.contains(where: { $0.0 == s.string }) {
                throw InputError(file: file, line: k.mark?.line ?? line, key: "\(path).\(s.string)", message: "duplicate key \(InputError.quote(s.string))")
            }
            result.append((s.string, child(v, s.string)))
        }
        return result
    }

    /// The items of a list; an item that is a mapping with a `name` is named in its
    /// path, as the engine names fields: `muscles[3] (serratus_anterior_middle)`.
    func sequence() throws -> [YAMLValue] {
        guard case .sequence(let s) = node else { throw error("expected a list") }
        return s.enumerated().map { i, item in
            YAMLValue(node: item, file: file, path: YAMLValue(node: item, file: file, path: path).itemPath(i))
        }
    }

    var isMapping: Bool {
        if case .mapping = node { return true }
        return false
    }

    /// Text of one line: trailing line breaks dropped; control characters (a YAML
    /// escape such as `\u001b` or `\n` inside quotes) are refused, so that no name or
    /// description can break a table or a terminal.
    func string() throws -> String {
        guard case .scalar(let s) = node else { throw error("expected text") }
        var text = s.string
        while text.last == "\n" || text.last == "\r" { text.removeLast() }
        if let c = text.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            throw error("text may not hold control characters (U+\(String(format: "%04X", c.value)))")
        }
        return text
    }

    func double() throws -> Double {
        guard case .scalar(let s) = node else { throw error("expected a number") }
        let text = s.string.trimmingCharacters(in: .whitespaces)
        let lower = text.lowercased().replacingOccurrences(of: "+", with: "").replacingOccurrences(of: "-", with: "")
        if [".nan", ".inf", "nan", "inf", "infinity"].contains(lower) { throw error("must be a finite number") }
        guard let x = Double(text) else { throw error("expected a number") }
        guard x.isFinite else { throw error("must be a finite number (this one overflows)") }
        return x
    }

    func int() throws -> Int {
        guard case .scalar(let s) = node, let x = Int(s.string) else { throw error("expected a whole number") }
        return x
    }

    func bool() throws -> Bool {
        guard case .scalar(let s) = node else { throw error("expected true or false") }
        switch s.string {
        case "true", "True", "yes": return true
        case "false", "False", "no": return false
        default: throw error("expected true or false, not \(InputError.quote(s.string))")
        }
    }

    func vector3() throws -> Vector3 {
        let items = try sequence()
        guard items.count == 3 else { throw error("expected 3 numbers [x, y, z], got \(items.count)") }
        return Vector3(try items[0].double(), try items[1].double(), try items[2].double())
    }
}

/// The checked entries of a mapping.
struct Fields {
    let owner: YAMLValue
    let entries: [(String, YAMLValue)]

    subscript(key: String) -> YAMLValue? {
        entries.first { $0.0 == key }?.1
    }

    func required(_ key: String) throws -> YAMLValue {
        guard let v = self[key] else { throw missing(key) }
        return v
    }

    /// The error for a required `key` that the mapping lacks, at the mapping's line.
    func missing(_ key: String) -> InputError {
        InputError(
            file: owner.file, line: owner.line, key: owner.path.isEmpty ? key : "\(owner.path).\(key)",
            message: "missing required key '\(key)'")
    }
}

extension Substring {
    /// How many times the regular expression `pattern` matches.
    fileprivate func ranges(of pattern: String) -> Int {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return 0 }
        let text = String(self)
        return regex.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
    }
}
