import Foundation
import TautCore

/// Reads scenario files (DESIGN.md section 3): a model (embedded name, path relative
/// to the scenario, or inline mapping) and an ordered list of cases.
public enum ScenarioReader {
    /// Resolves a model reference that is not a path: the name of an embedded model.
    public typealias ModelResolver = (String) throws -> Model?

    public static func load(path: String, resolveModel: ModelResolver = { _ in nil }) throws -> Scenario {
        try parse(try readText(path), file: path, resolveModel: resolveModel)
    }

    public static func parse(_ text: String, file: String, resolveModel: ModelResolver = { _ in nil }) throws -> Scenario {
        let root = try YAMLValue.parse(text, file: file)
        let f = try root.mapping(allowed: ["name", "description", "model", "cases", "sweep"])
        let modelValue = try f.required("model")
        let model: Model
        if modelValue.isMapping {
            model = try ModelReader.model(from: modelValue)
        } else {
            let reference = try modelValue.string()
            if let embedded = try resolveModel(reference) {
                model = embedded
            } else {
                let base = URL(fileURLWithPath: file).deletingLastPathComponent()
                let path = reference.hasPrefix("/") ? reference : base.appendingPathComponent(reference).path
                guard FileManager.default.fileExists(atPath: path) else {
                    throw modelValue.error("no embedded model or file named '\(reference)'")
                }
                model = try ModelReader.load(path: path)
            }
        }
        let caseValues = try f.required("cases").sequence()
        if caseValues.isEmpty { throw try f.required("cases").error("needs at least one case (the baseline)") }
        var cases: [Scenario.Case] = []
        for v in caseValues {
            let c = try v.mapping(allowed: ["name", "description", "from", "changes"])
            let nameValue = try c.required("name")
            let name = try nameValue.string()
            if cases.contains(where: { $0.name == name }) { throw nameValue.error("duplicate case name '\(name)'") }
            var from: String?
            if let fromValue = c["from"] {
                from = try fromValue.string()
                if !cases.contains(where: { $0.name == from }) {
                    throw fromValue.error("no earlier case named '\(from!)'")
                }
            }
            let changes = try (c["changes"]?.sequence() ?? []).map { try readChange($0, model: model) }
            cases.append(Scenario.Case(name: name, description: try c["description"]?.string() ?? "", from: from, changes: changes))
        }
        let scenario = Scenario(
            name: try f.required("name").string(), description: try f["description"]?.string() ?? "", model: model,
            cases: cases)
        // Every case must resolve to a valid model.
        for (i, c) in cases.enumerated() {
            do {
                _ = try scenario.model(forCase: c.name)
            } catch EquilibriumError.invalidParameter(let field, let message) {
                throw InputError(file: file, line: caseValues[i].line, key: "cases[\(i)] (\(c.name))", message: "\(field): \(message)")
            }
        }
        return scenario
    }

    static func readChange(_ v: YAMLValue, model: Model) throws -> Scenario.Change {
        let f = try v.mapping(allowed: ["muscle", "group", "load", "rest_length_scale", "stiffness_scale", "activation", "force"])
        let targets = ["muscle", "group", "load"].compactMap { key in f[key].map { (key, $0) } }
        guard targets.count == 1 else { throw v.error("a change names exactly one of muscle, group, load") }
        let (kind, value) = targets[0]
        let name = try value.string()
        let target: Scenario.Change.Target
        switch kind {
        case "muscle":
            guard model.muscleIndex(name) != nil else { throw value.error("no muscle named '\(name)' in model \(model.name)") }
            target = .muscle(name)
        case "group":
            guard model.muscles.contains(where: { $0.group == name }) else {
                throw value.error("no muscle group '\(name)' in model \(model.name)")
            }
            target = .group(name)
        default:
            guard model.loads.contains(where: { $0.name == name }) else { throw value.error("no load named '\(name)' in model \(model.name)") }
            target = .load(name)
        }
        let settings = f.entries.filter { $0.0 != kind }
        guard settings.count == 1 else {
            throw v.error("a change sets exactly one of rest_length_scale, stiffness_scale, activation, force")
        }
        let (key, s) = settings[0]
        let setting: Scenario.Change.Setting
        switch key {
        case "rest_length_scale":
            let x = try s.double()
            if x <= 0 { throw s.error("must be positive") }
            setting = .restLengthScale(x)
        case "stiffness_scale":
            let x = try s.double()
            if x < 0 { throw s.error("must not be negative") }
            setting = .stiffnessScale(x)
        case "activation":
            let x = try s.double()
            if !(0...1).contains(x) { throw s.error("must be in [0, 1]") }
            setting = .activation(x)
        default:
            setting = .force(try s.vector3())
        }
        return Scenario.Change(target, setting)
    }
}
