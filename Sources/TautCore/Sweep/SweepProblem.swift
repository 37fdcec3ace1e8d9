extension Scenario {
    /// A scenario file's `sweep` section: the case to vary (nil: the baseline) and the
    /// axes combined as a full grid.
    public struct Sweep: Equatable, Sendable {
        public var caseName: String?
        public var axes: [SweepAxis]

        public init(caseName: String? = nil, axes: [SweepAxis]) {
            self.caseName = caseName
            self.axes = axes
        }
    }
}

/// A sweep ready to solve: the grid and, for every grid point, the model of the chosen
/// case with the axes' values set. Point `i`'s model is
/// `Scenario.apply(caseChanges + grid.changes(at: i), to: scenario.model)`: scales refer
/// to the scenario model's own values (never cumulative), a group stands for all its muscles.
public struct SweepProblem: Sendable {
    /// The scenario's model: the values scales refer to.
    public let scenarioModel: Model
    public let caseName: String
    /// The model of the varied case, before the axes' values are set.
    public let caseModel: Model
    public let grid: SweepGrid
    /// The changes of the case's chain, in order.
    public let caseChanges: [Scenario.Change]
    /// Per axis, the muscles it sets, and their positions in `variedMuscles`.
    let axisMuscles: [[Int]]
    let axisSlots: [[Int]]
    /// Every muscle some axis sets, ascending.
    let variedMuscles: [Int]
    /// Each axis's field for errors, built once (a sweep point allocates nothing for it).
    let axisFields: [FieldPath]

    /// The one check of a sweep (readers and `--vary` rely on it).
    /// - Throws: `EquilibriumError.invalidParameter` for no axes, an unknown case, an
    ///   axis that does not fit the model (unknown muscle or group, steps < 1, activation
    ///   on a spring, a value out of range, an end value that makes an invalid model) or
    ///   the same axis twice; an axis's field is `axes[k]`.
    public init(scenario: Scenario, caseName: String? = nil, axes: [SweepAxis]) throws {
        if axes.isEmpty {
            throw EquilibriumError.invalidParameter(field: .key("axes"), message: "needs at least one axis")
        }
        let name = caseName ?? scenario.cases[0].name
        guard scenario.cases.contains(where: { $0.name == name }) else {
            throw EquilibriumError.invalidParameter(
                field: .key("case"), message: "no case named '\(name)' (cases: \(scenario.cases.map { "'\($0.name)'" }.joined(separator: ", ")))")
        }
        var changes: [Scenario.Change] = []
        for c in try scenario.chain(name) { changes += c.changes }
        let caseModel = try Scenario.apply(changes, to: scenario.model)
        for (k, axis) in axes.enumerated() {
            let field = FieldPath.item("axes", k)
            do {
                try axis.validate(in: scenario.model)
            } catch EquilibriumError.invalidParameter(_, let message) {
                throw EquilibriumError.invalidParameter(field: field, message: message)
            }
            if let twin = axes[..<k].firstIndex(where: { $0.name == axis.name }) {
                throw EquilibriumError.invalidParameter(field: field, message: "the same axis as axes[\(twin)] (\(axis.name)) is given twice")
            }
            // Both ends must give a valid model (the values between are a linear blend).
            for i in axis.steps > 1 ? [0, axis.steps - 1] : [0] {
                do {
                    _ = try Scenario.apply(changes + [axis.change(at: i)], to: scenario.model)
                } catch EquilibriumError.invalidParameter(let inner, let message) {
                    throw EquilibriumError.invalidParameter(field: field, message: "at \(axis.value(at: i)): \(inner): \(message)")
                }
            }
        }
        self.scenarioModel = scenario.model
        self.caseName = name
        self.caseModel = caseModel
        self.caseChanges = changes
        self.grid = try SweepGrid(axes: axes)
        axisMuscles = axes.map { $0.muscles(in: scenario.model) }
        let varied = Array(Set(axisMuscles.joined())).sorted()
        variedMuscles = varied
        axisSlots = axisMuscles.map { $0.map { varied.firstIndex(of: $0)! } }
        axisFields = axes.map { .key($0.name) }
    }

    /// The model of grid point `index`, through `Scenario.apply` (for checks; the sweep
    /// itself sets only the varied muscles' laws on a solver).
    public func model(at index: Int) throws -> Model {
        try Scenario.apply(caseChanges + grid.changes(at: index), to: scenarioModel)
    }

    /// The force laws of the varied muscles at grid point `index`, in `variedMuscles`
    /// order: the case's law with each axis's setting applied from the scenario model's law.
    func variedLaws(at index: Int, into laws: inout [ForceLaw]) throws {
        for (slot, m) in variedMuscles.enumerated() { laws[slot] = caseModel.muscles[m].law }
        for (k, axis) in grid.axes.enumerated() {
            let setting = axis.setting(axis.value(at: (index / grid.strides[k]) % axis.steps))
            for (m, slot) in zip(axisMuscles[k], axisSlots[k]) {
                laws[slot] = try Scenario.applied(setting, to: scenarioModel.muscles[m].law, current: laws[slot], field: axisFields[k])
            }
        }
    }
}
