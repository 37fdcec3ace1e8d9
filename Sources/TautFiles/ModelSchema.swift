import TautCore

/// A model file's content, built once (`ModelWriter.tree`) and written as YAML or JSON:
/// every key, in order, with its value and how YAML lays it out.
indirect enum ModelNode {
    case number(Double)
    case string(String)
    case bool(Bool)
    case vector(Vector3)
    /// A mapping; YAML writes a `flow` one on one line, `{key: value, …}`.
    case mapping([Entry], flow: Bool)
    case list([ModelNode])

    /// A key and its value. An `optional` entry that is empty (text, list or mapping)
    /// is left out of YAML, which a person reads; JSON, which tools read, keeps every key.
    struct Entry {
        var key: String
        var value: ModelNode
        var optional = false

        init(_ key: String, _ value: ModelNode, optional: Bool = false) {
            self.key = key
            self.value = value
            self.optional = optional
        }
    }

    var isEmpty: Bool {
        switch self {
        case .string(let s): return s.isEmpty
        case .mapping(let entries, _): return entries.isEmpty
        case .list(let items): return items.isEmpty
        case .number, .bool, .vector: return false
        }
    }

    /// The `name` of a mapping, for comments above list items.
    var name: String? {
        guard case .mapping(let entries, _) = self, case .string(let s)? = entries.first(where: { $0.key == "name" })?.value else { return nil }
        return s
    }

    var json: JSON {
        switch self {
        case .number(let x): return .number(x)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .vector(let v): return .vector(v)
        case .mapping(let entries, _): return .object(entries.map { ($0.key, $0.value.json) })
        case .list(let items): return .array(items.map(\.json))
        }
    }

    /// The value on one line: a scalar, a vector or a flow mapping.
    var inlineYAML: String? {
        switch self {
        case .number(let x): return ModelWriter.number(x)
        case .string(let s): return ModelWriter.scalar(s)
        case .bool(let b): return b ? "true" : "false"
        case .vector(let v): return ModelWriter.vector(v)
        case .mapping(let entries, true):
            return "{" + entries.map { "\(ModelWriter.scalar($0.key)): \($0.value.inlineYAML ?? "")" }.joined(separator: ", ") + "}"
        case .mapping, .list: return nil
        }
    }

    /// The lines of the block mapping `entries` at `indent` spaces; the first line's
    /// indent is `firstPrefix` instead (a list item's `- `), and `comments` go above
    /// list items by their name.
    static func yamlLines(_ entries: [Entry], indent: Int, firstPrefix: String? = nil, comments: [String: [String]]) -> [String] {
        var lines: [String] = []
        let pad = String(repeating: " ", count: indent)
        for entry in entries where !(entry.optional && entry.value.isEmpty) {
            let lead = lines.isEmpty ? (firstPrefix ?? pad) : pad
            let key = ModelWriter.scalar(entry.key)
            if let inline = entry.value.inlineYAML {
                lines.append("\(lead)\(key): \(inline)")
                continue
            }
            lines.append("\(lead)\(key):")
            switch entry.value {
            case .mapping(let children, _):
                lines += yamlLines(children, indent: indent + 2, comments: comments)
            case .list(let items):
                let itemPad = pad + "  "
                for item in items {
                    for line in item.name.flatMap({ comments[$0] }) ?? [] { lines.append("\(itemPad)# \(line)") }
                    if let inline = item.inlineYAML {
                        lines.append("\(itemPad)- \(inline)")
                    } else if case .mapping(let fields, _) = item {
                        lines += yamlLines(fields, indent: indent + 4, firstPrefix: itemPad + "- ", comments: comments)
                    }
                }
            case .number, .string, .bool, .vector:
                break  // written inline above
            }
        }
        return lines
    }
}

extension ModelWriter {
    /// The model as a model file holds it (docs/FILES.md), for both writers.
    static func tree(_ model: Model) -> [ModelNode.Entry] {
        typealias E = ModelNode.Entry
        let s = model.scapula
        let angles = ISBAngles(s.referencePose.rotation)
        return [
            E("name", .string(model.name)),
            E("description", .string(model.description), optional: true),
            E("source", .string(model.source), optional: true),
            E("gravity", .vector(model.gravity)),
            E("scapula", .mapping([
                E("mass", .number(s.mass)),
                E("center_of_mass", .vector(s.centerOfMass)),
                E("reference_pose", .mapping([
                    E("position", .vector(s.referencePose.position)),
                    E("orientation_deg", .mapping([
                        E("protraction", .number(angles.protraction)),
                        E("lateral_rotation", .number(angles.lateralRotation)),
                        E("posterior_tilt", .number(angles.posteriorTilt)),
                    ], flow: true)),
                ], flow: false)),
                E("landmarks", .mapping(s.landmarks.keys.sorted().map { E($0, .vector(s.landmarks[$0]!)) }, flow: false), optional: true),
            ], flow: false)),
            E("constraints", .list(model.constraints.map { c in
                var fields = [
                    E("name", .string(c.name)), E("type", .string(c.kind.tag.rawValue)),
                    E(Constraint.Key.bodyPoint.rawValue, .vector(c.bodyPoint)),
                ]
                for (key, value) in c.kind.fileValues {
                    switch value {
                    case .vector(let v): fields.append(E(key.rawValue, .vector(v)))
                    case .number(let x): fields.append(E(key.rawValue, .number(x)))
                    case .bool(let b): fields.append(E(key.rawValue, .bool(b)))
                    }
                }
                return .mapping(fields, flow: false)
            }), optional: true),
            E("muscles", .list(model.muscles.map { m in
                .mapping(
                    [E("name", .string(m.name)), E("group", .string(m.group)), E("law", .string(m.law.kind.name))]
                        + m.law.fileValues.map { E($0.key, .number($0.value)) }
                        + [E("path", .list(m.path.map { .mapping([E("body", .string($0.body.rawValue)), E("point", .vector($0.point))], flow: true) }))],
                    flow: false)
            })),
            E("loads", .list(model.loads.map {
                .mapping([E("name", .string($0.name)), E("body_point", .vector($0.bodyPoint)), E("force", .vector($0.force))], flow: true)
            }), optional: true),
            E("report", .mapping([E("taut_strain", .number(model.tautStrain))], flow: true)),
        ]
    }
}
