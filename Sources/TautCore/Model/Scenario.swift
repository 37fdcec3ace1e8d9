/// A model and an ordered list of cases, each a set of changes to it. The first case
/// is the baseline.
public struct Scenario: Equatable, Sendable {
    public var name: String
    public var description: String
    public var model: Model
    public var cases: [Case]
    /// The grid of parameter values to sweep, when the file gives one.
    public var sweep: Sweep?

    public init(name: String, description: String = "", model: Model, cases: [Case], sweep: Sweep? = nil) {
        self.name = name
        self.description = description
        self.model = model
        self.cases = cases
        self.sweep = sweep
    }

    public struct Case: Equatable, Sendable {
        public var name: String
        public var description: String
        /// The case whose changes this one starts from.
        public var from: String?
        public var changes: [Change]

        public init(name: String, description: String = "", from: String? = nil, changes: [Change] = []) {
            self.name = name
            self.description = description
            self.from = from
            self.changes = changes
        }
    }

    /// One change to the model. Scales are relative to the model's own values, never
    /// cumulative: `restLengthScale(1)` restores the model's rest length.
    public struct Change: Equatable, Sendable {
        public enum Target: Equatable, Sendable {
            /// A muscle, or every muscle of a group.
            case muscles(MuscleTarget)
            case load(String)

            public static func muscle(_ name: String) -> Target { .muscles(.muscle(name)) }
            public static func group(_ name: String) -> Target { .muscles(.group(name)) }
        }
        public enum Setting: Equatable, Sendable {
            /// A muscle parameter's value.
            case muscle(MuscleParameter, Double)
            /// Load: its force, N, thorax axes.
            case force(Vector3)

            public static func restLengthScale(_ s: Double) -> Setting { .muscle(.restLengthScale, s) }
            public static func stiffnessScale(_ s: Double) -> Setting { .muscle(.stiffnessScale, s) }
            public static func activation(_ a: Double) -> Setting { .muscle(.activation, a) }
        }
        public var target: Target
        public var setting: Setting

        public init(_ target: Target, _ setting: Setting) {
            self.target = target
            self.setting = setting
        }
    }

    /// The case chain from the root to `name` (each case's `from` first).
    func chain(_ name: String) throws -> [Case] {
        var result: [Case] = []
        var current: String? = name
        while let n = current {
            guard let index = cases.firstIndex(where: { $0.name == n }) else {
                throw EquilibriumError.invalidParameter(field: .key("cases"), message: "no case named '\(n)'")
            }
            let c = cases[index]
            if result.contains(where: { $0.name == n }) {
                throw EquilibriumError.invalidParameter(field: FieldPath.item("cases", index, name: n).key("from"), message: "cases form a cycle")
            }
            result.insert(c, at: 0)
            current = c.from
        }
        return result
    }

    /// Checks every case once: each change (its target exists, its value is in range, it
    /// applies to the law) and the model the case resolves to; then the sweep's axes.
    /// - Throws: `EquilibriumError.invalidParameter` whose field starts at the scenario:
    ///   `cases[2].changes[0].rest_length_scale`, `cases[2].muscles[1] (name).…`
    ///   for the model a case makes, `sweep.axes[1]` for an axis.
    public func validate() throws {
        for (i, c) in cases.enumerated() {
            let chain = try self.chain(c.name)
            // Changes are applied chain first; a change's index in that list tells its case.
            var owners: [(path: FieldPath, first: Int)] = []
            var count = 0
            for link in chain {
                let k = cases.firstIndex(where: { $0.name == link.name })!
                owners.append((FieldPath.item("cases", k), count))
                count += link.changes.count
            }
            do {
                _ = try model(forCase: c.name)
            } catch EquilibriumError.invalidParameter(let field, let message) {
                if case .key("changes")? = field.components.first, case .item(let j, _)? = field.components.dropFirst().first,
                    let owner = owners.last(where: { $0.first <= j })
                {
                    let rest = FieldPath(Array(field.components.dropFirst(2)))
                    throw EquilibriumError.invalidParameter(field: owner.path.key("changes").item(j - owner.first) + rest, message: message)
                }
                throw EquilibriumError.invalidParameter(field: FieldPath.item("cases", i) + field, message: message)
            }
        }
        if let sweep {
            do {
                _ = try SweepProblem(scenario: self, caseName: sweep.caseName, axes: sweep.axes)
            } catch EquilibriumError.invalidParameter(let field, let message) {
                throw EquilibriumError.invalidParameter(field: .key("sweep") + field, message: message)
            }
        }
    }

    /// The model of case `name`: the changes of its chain applied to the scenario's
    /// model, later changes to the same parameter replacing earlier ones.
    public func model(forCase name: String) throws -> Model {
        var settings: [Change] = []
        for c in try chain(name) { settings += c.changes }
        return try Self.apply(settings, to: model)
    }

    /// Applies `changes` to `base` in order; each scale refers to `base`'s value.
    public static func apply(_ changes: [Change], to base: Model) throws -> Model {
        var result = base
        for (index, change) in changes.enumerated() {
            let field = FieldPath.item("changes", index)
            do {
                try change.setting.validate()
            } catch EquilibriumError.invalidParameter(let key, let message) {
                throw EquilibriumError.invalidParameter(field: field + key, message: message)
            }
            switch change.target {
            case .load(let name):
                guard let i = base.loads.firstIndex(where: { $0.name == name }) else {
                    throw EquilibriumError.invalidParameter(field: field, message: "no load named '\(name)'")
                }
                guard case .force(let f) = change.setting else {
                    throw EquilibriumError.invalidParameter(field: field, message: "a load change sets `force`")
                }
                result.loads[i].force = f
            case .muscles(let target):
                let members = target.muscles(in: base)
                if members.isEmpty {
                    switch target {
                    case .muscle(let name): throw EquilibriumError.invalidParameter(field: field, message: "no muscle named '\(name)'")
                    case .group(let group): throw EquilibriumError.invalidParameter(field: field, message: "no muscle in group '\(group)'")
                    }
                }
                for i in members {
                    result.muscles[i].law = try applied(change.setting, to: base.muscles[i].law, current: result.muscles[i].law, field: field)
                }
            }
        }
        try result.validate()
        return result
    }

    /// `current` with one parameter set from the model's own law `base`.
    static func applied(_ setting: Change.Setting, to base: ForceLaw, current: ForceLaw, field: FieldPath) throws -> ForceLaw {
        switch setting {
        case .muscle(let parameter, let value):
            return try current.setting(parameter, value, base: base, field: field)
        case .force:
            throw EquilibriumError.invalidParameter(field: field, message: "`force` applies to loads")
        }
    }
}

extension Scenario.Change.Setting {
    /// The setting's key in files.
    public var key: String {
        switch self {
        case .muscle(let parameter, _): return parameter.key
        case .force: return "force"
        }
    }

    /// Every key a setting may have, in order: the muscle parameters', then `force`.
    public static let keys = MuscleParameter.allCases.map(\.key) + ["force"]

    /// Checks the value against its range (a load's force against `Load.forceRange`).
    /// - Throws: `EquilibriumError.invalidParameter` with `field` = `key`.
    public func validate() throws {
        switch self {
        case .muscle(let parameter, let x): try parameter.validate(x)
        case .force(let f):
            if !f.isFinite || !Load.forceRange.contains(f.length) {
                throw EquilibriumError.invalidParameter(field: .key(key), message: "its magnitude " + Load.forceRange.complaint(f.length))
            }
        }
    }
}
