import Foundation
import TautCore

/// The models and scenarios compiled into the binary from `Models/`.
public enum Catalog {
    public struct Entry: Sendable {
        /// Name without folder and extension, e.g. `shoulder-girdle`.
        public var name: String
        /// Path relative to `Models/`, e.g. `scenarios/tight-pec-minor.yaml`.
        public var path: String
        public var text: String
        public var isScenario: Bool { path.hasPrefix("scenarios/") }
    }

    public static let entries: [Entry] = embeddedModelFiles.map { file in
        let base = (file.path as NSString).lastPathComponent
        return Entry(name: (base as NSString).deletingPathExtension, path: file.path, text: file.text)
    }

    public static var models: [Entry] { entries.filter { !$0.isScenario } }
    public static var scenarios: [Entry] { entries.filter(\.isScenario) }

    /// The scenario `taut solve` runs without an argument.
    public static let demonstration = "tight-pec-minor"

    /// The embedded model called `name`, or nil.
    public static func model(named name: String) throws -> Model? {
        guard let parsed = parsedModels[name] else { return nil }
        return try parsed.get()
    }

    /// Every embedded model, parsed once (a scenario naming one does not parse it again).
    private static let parsedModels: [String: Result<Model, any Error>] = Dictionary(
        models.map { entry in
            (entry.name, Result { try ModelReader.parse(entry.text, file: "Models/" + entry.path) })
        }, uniquingKeysWith: { first, _ in first })

    /// The embedded scenario called `name`, or nil.
    public static func scenario(named name: String) throws -> Scenario? {
        guard let entry = scenarios.first(where: { $0.name == name }) else { return nil }
        return try ScenarioReader.parse(entry.text, file: "Models/" + entry.path, resolveModel: model(named:))
    }

    /// A scenario from a name (embedded scenario), a scenario file, or a model (embedded
    /// name or file) wrapped as a one-case scenario.
    public static func loadScenario(_ reference: String) throws -> Scenario {
        if let s = try scenario(named: reference) { return s }
        if let m = try model(named: reference) { return Scenario(name: m.name, model: m, cases: [.init(name: "baseline")]) }
        guard let data = FileManager.default.contents(atPath: reference) else {
            throw InputError(file: reference, message: "cannot read the file (does it exist?)")
        }
        return try loadScenario(data: data, file: reference)
    }

    /// A scenario, or a model wrapped as a one-case scenario, from a file's bytes; `file`
    /// names it in errors and is where a scenario's model path is relative to.
    public static func loadScenario(data: Data, file: String) throws -> Scenario {
        // A scenario names a model or has cases; a model has neither (by its keys, not
        // its layout: block or flow YAML and JSON alike).
        let root = try YAMLValue.parse(try utf8Text(data, file: file), file: file)
        if ScenarioReader.isScenario(root) {
            return try ScenarioReader.scenario(from: root, resolveModel: model(named:))
        }
        let m = try ModelReader.model(from: root)
        return Scenario(name: m.name, model: m, cases: [.init(name: "baseline")])
    }
}
