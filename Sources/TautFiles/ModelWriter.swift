import Foundation
import TautCore

/// Writes a `Model` as a model file (YAML, docs/DESIGN.md section 3) that `ModelReader`
/// reads back to the same model. Numbers are written in full (shortest round-trip form).
/// YAML and JSON are written from the same tree (`ModelWriter.tree`).
public enum ModelWriter {
    /// - Parameters:
    ///   - comments: optional comment lines written above a muscle, constraint or load, by name.
    ///   - header: comment lines at the top of the file.
    public static func yaml(_ model: Model, header: [String] = [], comments: [String: [String]] = [:]) -> String {
        let lines = header.map { "# " + $0 } + ModelNode.yamlLines(tree(model), indent: 0, comments: comments)
        return lines.joined(separator: "\n") + "\n"
    }

    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }

    static func vector(_ v: Vector3) -> String { "[\(number(v.x)), \(number(v.y)), \(number(v.z))]" }

    /// A YAML scalar, quoted when plain style would change its meaning.
    static func scalar(_ s: String) -> String {
        let plain = s.range(of: #"^[A-Za-z_][A-Za-z0-9_ .()/'-]*$"#, options: .regularExpression) != nil
            && !["true", "false", "yes", "no", "null", "~"].contains(s.lowercased()) && !s.hasSuffix(" ")
        return plain ? s : JSON.quote(s)
    }
}
