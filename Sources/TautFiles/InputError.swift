/// Bad input, located: the file, the line (1-based) and the key at fault.
public struct InputError: Error, Equatable, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    /// Dotted path of the offending key, e.g. `muscles[2].stiffness`.
    public var key: String?
    public var message: String

    public init(file: String, line: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": "
        if let key, !key.isEmpty { s += "\(key): " }
        return s + message
    }
}
