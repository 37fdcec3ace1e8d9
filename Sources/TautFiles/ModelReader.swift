import Foundation
import TautCore

/// Reads model files (YAML or JSON; docs/DESIGN.md section 3) into a validated `Model`.
public enum ModelReader {
    /// Reads the model file at `path`.
    public static func load(path: String) throws -> Model {
        try parse(try readText(path), file: path)
    }

    /// Parses model text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws -> Model {
        try model(from: try YAMLValue.parse(text, file: file))
    }

    static func model(from root: YAMLValue) throws -> Model {
        let f = try root.mapping(allowed: [
            "name", "description", "source", "gravity", "scapula", "constraints", "muscles", "loads", "report",
        ])
        let scapula = try readScapula(try f.required("scapula"))
        let pose = scapula.referencePose
        var model = Model(
            name: try f.required("name").string(),
            description: try f["description"]?.string() ?? "",
            source: try f["source"]?.string() ?? "",
            gravity: try f["gravity"]?.vector3() ?? Vector3(0, -9.80665, 0),
            scapula: scapula,
            constraints: try (f["constraints"]?.sequence() ?? []).map { try readConstraint($0, pose: pose) },
            muscles: try f.required("muscles").sequence().map { try readMuscle($0, pose: pose) },
            loads: try (f["loads"]?.sequence() ?? []).map(readLoad))
        if let report = f["report"] {
            let r = try report.mapping(allowed: ["taut_strain"])
            if let t = r["taut_strain"] { model.tautStrain = try t.double() }
        }
        try validate(model, root: root)
        return model
    }

    /// Runs the engine's validation and locates its complaint in the file.
    static func validate(_ model: Model, root: YAMLValue) throws {
        do {
            try model.validate()
        } catch EquilibriumError.invalidParameter(let field, let message) {
            throw locate(field: field, message: message, root: root)
        }
    }

    /// Maps an engine field path such as `muscles[2] (name).stiffness` to the line of
    /// the innermost node of `root` it names (following keys and list items through the
    /// parsed document, as far as they go); the key printed keeps the muscle's name.
    static func locate(field: FieldPath, message: String, root: YAMLValue) -> InputError {
        var node = root
        walk: for component in field.components {
            switch component {
            case .key(let key):
                guard let fields = try? node.anyMapping(), let next = fields.first(where: { $0.0 == key })?.1 else { break walk }
                node = next
            case .item(let index, _):
                guard let items = try? node.sequence(), index < items.count else { continue walk }
                node = items[index]
            }
        }
        let key = root.path.isEmpty ? field.description : "\(root.path).\(field)"
        return InputError(file: root.file, line: node.line ?? root.line, key: key, message: message)
    }

    static func readScapula(_ v: YAMLValue) throws -> Scapula {
        let f = try v.mapping(allowed: ["mass", "center_of_mass", "reference_pose", "landmarks"])
        let poseFields = try f.required("reference_pose").mapping(allowed: ["position", "orientation_deg"])
        let o = try poseFields.required("orientation_deg").mapping(allowed: ["protraction", "lateral_rotation", "posterior_tilt"])
        /// An angle in degrees: within ±360° (any orientation has such angles; a larger one
        /// is a units slip, and cos/sin of 1e300 are round-off).
        func angle(_ key: String) throws -> Double {
            let v = try o.required(key)
            let x = try v.double()
            guard ISBAngles.degreesRange.contains(x) else { throw v.error(ISBAngles.degreesRange.complaint(x)) }
            return x
        }
        let angles = ISBAngles(
            protraction: try angle("protraction"), lateralRotation: try angle("lateral_rotation"),
            posteriorTilt: try angle("posterior_tilt"))
        var landmarks: [String: Vector3] = [:]
        for (name, point) in try f["landmarks"]?.anyMapping() ?? [] { landmarks[name] = try point.vector3() }
        return Scapula(
            mass: try f.required("mass").double(),
            centerOfMass: try f.required("center_of_mass").vector3(),
            referencePose: Pose(position: try poseFields.required("position").vector3(), rotation: angles.rotation),
            landmarks: landmarks)
    }

    static func readConstraint(_ v: YAMLValue, pose: Pose) throws -> Constraint {
        typealias Key = Constraint.Key
        let f = try v.mapping(allowed: ["name", "type"] + Key.allCases.map(\.rawValue))
        let type = try f.required("type")
        let bodyPoint = try f.required(Key.bodyPoint.rawValue).vector3()
        let kindName = try type.string()
        guard let tag = Constraint.Kind.Tag(rawValue: kindName) else {
            throw type.error("unknown constraint type '\(kindName)' (\(Constraint.Kind.Tag.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let own = tag.keys.map(\.rawValue)
        for (key, value) in f.entries where !["name", "type", Key.bodyPoint.rawValue].contains(key) && !own.contains(key) {
            throw value.error("'\(key)' does not apply to a \(kindName) constraint")
        }
        let kind = try Constraint.Kind.read(tag, Entries(fields: f), atReference: pose.transform(bodyPoint))
        return Constraint(name: try f.required("name").string(), bodyPoint: bodyPoint, kind: kind)
    }

    static func readMuscle(_ v: YAMLValue, pose: Pose) throws -> Muscle {
        let f = try v.mapping(allowed: ["name", "group", "law", "path"] + ForceLaw.allKeys + ["description"])
        let path = try f.required("path").sequence().map { p -> PathPoint in
            let pf = try p.mapping(allowed: ["body", "point"])
            let bodyValue = try pf.required("body")
            guard let body = Body(rawValue: try bodyValue.string()) else {
                throw bodyValue.error("unknown body '\(try bodyValue.string())' (thorax, scapula)")
            }
            return PathPoint(body: body, point: try pf.required("point").vector3())
        }
        let lawValue = try f.required("law")
        let lawName = try lawValue.string()
        guard let kind = ForceLaw.Kind(name: lawName) else {
            throw lawValue.error("unknown law '\(lawName)' (\(ForceLaw.Kind.allCases.map(\.name).joined(separator: ", ")))")
        }
        let own = kind.keys
        let law = try kind.read(LawEntries(entries: Entries(fields: f), path: path, pose: pose))
        for (key, value) in f.entries where !["name", "group", "law", "path", "description"].contains(key) && !own.contains(key) {
            throw value.error("'\(key)' does not apply to a \(lawName) muscle")
        }
        return Muscle(
            name: try f.required("name").string(), group: try f["group"]?.string() ?? "", law: law, path: path)
    }

    /// The entries of a mapping, for the type that knows their keys.
    struct Entries: FileEntries {
        let fields: Fields

        func has(_ key: String) -> Bool { fields[key] != nil }
        func number(_ key: String) throws -> Double? { try fields[key]?.double() }
        func vector(_ key: String) throws -> Vector3? { try fields[key]?.vector3() }
        func bool(_ key: String) throws -> Bool? { try fields[key]?.bool() }
        func missing(_ key: String) -> any Error { fields.missing(key) }
        func error(_ key: String?, _ message: String) -> any Error {
            (key.flatMap { fields[$0] } ?? fields.owner).error(message)
        }
    }

    /// One muscle's entries, for its law's `read`.
    struct LawEntries: LawFileEntries {
        let entries: Entries
        let path: [PathPoint]
        let pose: Pose

        func has(_ key: String) -> Bool { entries.has(key) }
        func number(_ key: String) throws -> Double? { try entries.number(key) }
        func vector(_ key: String) throws -> Vector3? { try entries.vector(key) }
        func bool(_ key: String) throws -> Bool? { try entries.bool(key) }
        func missing(_ key: String) -> any Error { entries.missing(key) }
        func error(_ key: String?, _ message: String) -> any Error { entries.error(key, message) }
        var referenceLength: Double {
            Muscle(name: "", group: "", law: .spring(LinearSpring(stiffness: 0, restLength: 1)), path: path).length(at: pose)
        }
    }

    static func readLoad(_ v: YAMLValue) throws -> Load {
        let f = try v.mapping(allowed: ["name", "body_point", "force"])
        return Load(
            name: try f.required("name").string(), bodyPoint: try f.required("body_point").vector3(),
            force: try f.required("force").vector3())
    }
}

/// The text of a file, or an `InputError` naming it.
func readText(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw InputError(file: path, message: "cannot read the file (does it exist?)")
    }
    return try utf8Text(data, file: path)
}

/// `data` as UTF-8 text; otherwise an `InputError` naming the line of the first byte
/// that is not UTF-8.
func utf8Text(_ data: Data, file: String) throws -> String {
    if let text = String(data: data, encoding: .utf8) { return text }
    var line = 1, offset = 0
    var bytes = data.makeIterator()
    var decoder = UTF8()
    while true {
        switch decoder.decode(&bytes) {
        case .scalarValue(let scalar):
            if scalar == "\n" { line += 1 }
            offset += UTF8.width(scalar)
        case .emptyInput:
            return String(decoding: data, as: UTF8.self)
        case .error:
            throw InputError(file: file, line: line, message: "the file is not UTF-8 text (a byte that is not UTF-8 at byte \(offset + 1))")
        }
    }
}
