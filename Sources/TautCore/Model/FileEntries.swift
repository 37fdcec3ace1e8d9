/// The entries of one mapping of a model file (a muscle, a constraint), as a reader
/// hands them to the type that knows their keys (`MuscleLaw.read`, `Constraint.Kind.read`).
/// The reader parses and locates; the type says which keys it needs and what they mean.
public protocol FileEntries {
    /// Whether the file gives `key`.
    func has(_ key: String) -> Bool
    /// The number under `key`, nil when the file does not give it.
    func number(_ key: String) throws -> Double?
    /// The vector `[x, y, z]` under `key`, nil when the file does not give it.
    func vector(_ key: String) throws -> Vector3?
    /// The `true` or `false` under `key`, nil when the file does not give it.
    func bool(_ key: String) throws -> Bool?
    /// The error for a required `key` the file does not give, located by the reader.
    func missing(_ key: String) -> any Error
    /// An error about the entry `key` (nil: about the whole mapping), located by the reader.
    func error(_ key: String?, _ message: String) -> any Error
}

extension FileEntries {
    /// The number under `key`, or the `missing` error.
    public func required(_ key: String) throws -> Double {
        guard let x = try number(key) else { throw missing(key) }
        return x
    }

    /// The vector under `key`, or the `missing` error.
    public func requiredVector(_ key: String) throws -> Vector3 {
        guard let v = try vector(key) else { throw missing(key) }
        return v
    }
}
