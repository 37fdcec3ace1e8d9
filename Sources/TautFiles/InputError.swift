/// Bad input, located: the file, the line (1-based) and the key at fault.
///
/// Its description is one line, `file:line: key: message`, of bounded length: the key and
/// the message are clipped (a 5 MB line is never echoed) and control characters in them
/// are written as `\u{…}` escapes.
public struct InputError: Error, Equatable, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    /// Dotted path of the offending key, e.g. `muscles[2] (rhomboid_major).stiffness`.
    public var key: String?
    public var message: String

    /// Longest key and message kept, in characters.
    public static let keyLimit = 100
    public static let messageLimit = 200

    public init(file: String, line: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.key = key.map { Self.clean($0, limit: Self.keyLimit, keepingEnd: true) }
        self.message = Self.clean(message, limit: Self.messageLimit)
    }

    public var description: String {
        var s = Self.clean(file, limit: 4096)
        if let line { s += ":\(line)" }
        s += ": "
        if let key, !key.isEmpty { s += "\(key): " }
        return s + message
    }

    /// `text` on one line (control characters escaped), at most `limit` characters
    /// (clipped with "…"). With `keepingEnd`, the middle is cut instead of the end, so a
    /// key keeps its last component (`muscles[0] (ppp…ppp).stiffness`).
    public static func clean(_ text: String, limit: Int, keepingEnd: Bool) -> String {
        let whole = clean(text, limit: Int.max)
        guard keepingEnd, whole.unicodeScalars.count > limit else { return clean(text, limit: limit) }
        let scalars = Array(whole.unicodeScalars)
        let tail = limit / 2, head = limit - tail - 1
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[..<head])
        out.append("…")
        out.append(contentsOf: scalars[(scalars.count - tail)...])
        return String(out)
    }

    public static func clean(_ text: String, limit: Int) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let control = v < 0x20 || (0x7F..<0xA0).contains(v) || v == 0x2028 || v == 0x2029
            let piece = control ? "\\u{\(String(v, radix: 16, uppercase: true))}" : String(scalar)
            if count + piece.unicodeScalars.count > limit {
                out += "…"
                return out
            }
            out += piece
            count += piece.unicodeScalars.count
        }
        return out
    }

    /// User text to quote inside a message: clipped to `limit` characters.
    static func quote(_ text: String, limit: Int = 60) -> String {
        "'" + clean(text, limit: limit) + "'"
    }
}
