import Foundation
import TautCore

/// Writes a `Model` as a model file (YAML, docs/DESIGN.md section 3) that `ModelReader`
/// reads back to the same model. Numbers are written in full (shortest round-trip form).
public enum ModelWriter {
    /// - Parameters:
    ///   - comments: optional comment lines written above a muscle, constraint or load, by name.
    ///   - header: comment lines at the top of the file.
    public static func yaml(_ model: Model, header: [String] = [], comments: [String: [String]] = [:]) -> String {
        var out: [String] = header.map { "# " + $0 }
        out.append("name: \(scalar(model.name))")
        if !model.description.isEmpty { out.append("description: \(scalar(model.description))") }
        if !model.source.isEmpty { out.append("source: \(scalar(model.source))") }
        out.append("gravity: \(vector(model.gravity))")
        let s = model.scapula
        let angles = ISBAngles(s.referencePose.rotation)
        out += [
            "scapula:",
            "  mass: \(number(s.mass))",
            "  center_of_mass: \(vector(s.centerOfMass))",
            "  reference_pose:",
            "    position: \(vector(s.referencePose.position))",
            "    orientation_deg: {protraction: \(number(angles.protraction)), lateral_rotation: \(number(angles.lateralRotation)), posterior_tilt: \(number(angles.posteriorTilt))}",
        ]
        if !s.landmarks.isEmpty {
            out.append("  landmarks:")
            for name in s.landmarks.keys.sorted() { out.append("    \(scalar(name)): \(vector(s.landmarks[name]!))") }
        }
        func commentLines(_ name: String, indent: String) {
            for line in comments[name] ?? [] { out.append("\(indent)# \(line)") }
        }
        if !model.constraints.isEmpty {
            out.append("constraints:")
            for c in model.constraints {
                commentLines(c.name, indent: "  ")
                var fields = ["name: \(scalar(c.name))", "type: \(c.kind.tag.rawValue)", "\(Constraint.Key.bodyPoint.rawValue): \(vector(c.bodyPoint))"]
                for (key, value) in c.kind.fileValues {
                    switch value {
                    case .vector(let v): fields.append("\(key.rawValue): \(vector(v))")
                    case .number(let x): fields.append("\(key.rawValue): \(number(x))")
                    case .bool(let b): fields.append("\(key.rawValue): \(b)")
                    }
                }
                out.append("  - " + fields.joined(separator: "\n    "))
            }
        }
        out.append("muscles:")
        for m in model.muscles {
            commentLines(m.name, indent: "  ")
            var fields = ["name: \(scalar(m.name))", "group: \(scalar(m.group))"]
            fields.append("law: \(m.law.kind.name)")
            fields += m.law.fileValues.map { "\($0.key): \(number($0.value))" }
            fields.append("path:")
            out.append("  - " + fields.joined(separator: "\n    "))
            for p in m.path { out.append("      - {body: \(p.body.rawValue), point: \(vector(p.point))}") }
        }
        if !model.loads.isEmpty {
            out.append("loads:")
            for l in model.loads {
                commentLines(l.name, indent: "  ")
                out.append("  - {name: \(scalar(l.name)), body_point: \(vector(l.bodyPoint)), force: \(vector(l.force))}")
            }
        }
        out.append("report: {taut_strain: \(number(model.tautStrain))}")
        return out.joined(separator: "\n") + "\n"
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
