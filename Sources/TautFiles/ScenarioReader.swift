import Foundation
import TautCore

/// Reads scenario files (docs/DESIGN.md section 3): a model (embedded name, path relative
/// to the scenario, or inline mapping) and an ordered list of cases.
public enum ScenarioReader {
    /// Resolves a model reference that is not a path: the name of an embedded model.
    public typealias ModelResolver = (String) throws -> Model?

    public static func load(path: String, resolveModel: ModelResolver = { _ in nil }) throws -> Scenario {
        try parse(try readText(path), file: path, resolveModel: resolveModel)
    }

    public static func parse(_ text: String, file: String, resolveModel: ModelResolver = { _ in nil }) throws -> Scenario {
        try scenario(from: try YAMLValue.parse(text, file: file), resolveModel: resolveModel)
    }

    /// Whether a parsed document is a scenario rather than a model: by its keys (a
    /// scenario has `cases` or `model`, a model neither), whatever its layout (block or
    /// flow YAML, JSON).
    static func isScenario(_ root: YAMLValue) -> Bool {
        guard case .mapping(let m) = root.node else { return false }
        return m.keys.contains { key in
            if case .scalar(let s) = key { return s.string == "cases" || s.string == "model" }
            return false
        }
    }

    static func scenario(from root: YAMLValue, resolveModel: ModelResolver) throws -> Scenario {
        let file = root.file
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
                var isDirectory: ObjCBool = false
                guard !reference.isEmpty, FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                    let data = FileManager.default.contents(atPath: path)
                else {
                    throw modelValue.error("no embedded model or readable file named \(InputError.quote(reference))")
                }
                model = try ModelReader.model(from: try YAMLValue.parse(try utf8Text(data, file: path), file: path))
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
        var scenario = Scenario(
            name: try f.required("name").string(), description: try f["description"]?.string() ?? "", model: model,
            cases: cases)
        if let sweepValue = f["sweep"] {
            scenario.sweep = try readSweep(sweepValue, scenario: scenario)
        }
        // The engine checks what the values mean, once; its field path leads to the line.
        do {
            try scenario.validate()
        } catch EquilibriumError.invalidParameter(let field, let message) {
            throw ModelReader.locate(field: field, message: message, root: root)
        }
        return scenario
    }

    /// `sweep: {case: NAME, axes: [{muscle|group: NAME, parameter: P, from: X, to: Y, steps: N}]}`.
    /// A group name may stand for a muscle.
    static func readSweep(_ v: YAMLValue, scenario: Scenario) throws -> Scenario.Sweep {
        let model = scenario.model
        let f = try v.mapping(allowed: ["case", "axes"])
        let caseName = try f["case"]?.string()
        let items = try f.required("axes").sequence()
        var axes: [SweepAxis] = []
        for item in items {
            let a = try item.mapping(allowed: ["muscle", "group", "parameter", "from", "to", "steps"])
            let targets = ["muscle", "group"].compactMap { key in a[key].map { (key, $0) } }
            guard targets.count == 1 else { throw item.error("an axis names exactly one of muscle, group") }
            let (kind, targetValue) = targets[0]
            let name = try targetValue.string()
            guard let target = MuscleTarget.named(name, in: model, as: kind == "muscle" ? .muscleOrGroup : .group) else {
                throw targetValue.error("no muscle or group named '\(name)' in model \(model.name)")
            }
            let parameterValue = try a.required("parameter")
            let parameterName = try parameterValue.string()
            guard let parameter = MuscleParameter(rawValue: parameterName) else {
                throw parameterValue.error(
                    "unknown parameter '\(parameterName)' (one of \(MuscleParameter.allCases.map(\.key).joined(separator: ", ")))")
            }
            axes.append(SweepAxis(
                target, parameter, from: try a.required("from").double(), to: try a.required("to").double(),
                steps: try a.required("steps").int()))
        }
        return Scenario.Sweep(caseName: caseName, axes: axes)
    }

    static func readChange(_ v: YAMLValue, model: Model) throws -> Scenario.Change {
        let f = try v.mapping(allowed: ["muscle", "group", "load"] + Scenario.Change.Setting.keys)
        let targets = ["muscle", "group", "load"].compactMap { key in f[key].map { (key, $0) } }
        guard targets.count == 1 else { throw v.error("a change names exactly one of muscle, group, load") }
        let (kind, value) = targets[0]
        let name = try value.string()
        let target: Scenario.Change.Target
        switch kind {
        case "muscle":
            guard let muscle = MuscleTarget.named(name, in: model, as: .muscle) else {
                throw value.error("no muscle named '\(name)' in model \(model.name)")
            }
            target = .muscles(muscle)
        case "group":
            guard let group = MuscleTarget.named(name, in: model, as: .group) else {
                throw value.error("no muscle group '\(name)' in model \(model.name)")
            }
            target = .muscles(group)
        default:
            guard model.loads.contains(where: { $0.name == name }) else { throw value.error("no load named '\(name)' in model \(model.name)") }
            target = .load(name)
        }
        let settings = f.entries.filter { $0.0 != kind }
        guard settings.count == 1 else {
            throw v.error("a change sets exactly one of \(Scenario.Change.Setting.keys.joined(separator: ", "))")
        }
        let (key, s) = settings[0]
        let setting: Scenario.Change.Setting
        if let parameter = MuscleParameter(rawValue: key) {
            setting = .muscle(parameter, try s.double())
        } else {
            setting = .force(try s.vector3())
        }
        return Scenario.Change(target, setting)
    }
}
