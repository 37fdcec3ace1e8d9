/// Where in a model, scenario or sweep a bad value sits: a path of keys and list items,
/// e.g. `muscles[2] (rhomboids).stiffness` is key `muscles`, item 2 named `rhomboids`,
/// key `stiffness`. Readers follow it through their parsed document to a line; its
/// `description` is the path as error messages print it.
public struct FieldPath: Equatable, Hashable, Sendable, CustomStringConvertible {
    public enum Component: Equatable, Hashable, Sendable {
        /// A key of a mapping (or a name that is not a file key, e.g. a sweep axis's).
        case key(String)
        /// Item `index` of a list, with its name when it has one.
        case item(Int, name: String?)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// The path of one key.
    public static func key(_ key: String) -> FieldPath { FieldPath([.key(key)]) }

    /// The path of keys `keys`, in order.
    public static func keys(_ keys: String...) -> FieldPath { FieldPath(keys.map { .key($0) }) }

    /// Item `index` (named `name`) of the list under `list`: `muscles[2] (rhomboids)`.
    public static func item(_ list: String, _ index: Int, name: String? = nil) -> FieldPath {
        FieldPath([.key(list), .item(index, name: name)])
    }

    /// This path followed by key `key`.
    public func key(_ key: String) -> FieldPath { FieldPath(components + [.key(key)]) }

    /// This path followed by item `index` (named `name`).
    public func item(_ index: Int, name: String? = nil) -> FieldPath { FieldPath(components + [.item(index, name: name)]) }

    /// `a` followed by `b`.
    public static func + (a: FieldPath, b: FieldPath) -> FieldPath { FieldPath(a.components + b.components) }

    /// `muscles[2] (rhomboids).stiffness`.
    public var description: String {
        var text = ""
        for c in components {
            switch c {
            case .key(let k): text += text.isEmpty ? k : ".\(k)"
            case .item(let i, let name):
                text += "[\(i)]"
                if let name { text += " (\(name))" }
            }
        }
        return text
    }
}
