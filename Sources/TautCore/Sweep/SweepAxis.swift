/// One axis of a sweep: a parameter of a muscle (or of every muscle of a group) stepped
/// evenly from `from` to `to` in `steps` values. Values are set as scenario changes are:
/// scales refer to the scenario model's own values, never cumulative.
public struct SweepAxis: Equatable, Sendable {
    public var target: MuscleTarget
    public var parameter: MuscleParameter
    public var from: Double
    public var to: Double
    /// Number of values, ≥ 1; one value is `from`.
    public var steps: Int

    public init(_ target: MuscleTarget, _ parameter: MuscleParameter, from: Double, to: Double, steps: Int) {
        self.target = target
        self.parameter = parameter
        self.from = from
        self.to = to
        self.steps = steps
    }

    /// Column name in sweep output, e.g. `pectoralis_minor.rest_length_scale`.
    public var name: String { "\(target.name).\(parameter.rawValue)" }

    /// Value number `i` (0-based): from + (to − from)·i/(steps − 1), exactly `to` at the end.
    public func value(at i: Int) -> Double {
        if steps <= 1 || i == 0 { return from }
        if i == steps - 1 { return to }
        return from + (to - from) * Double(i) / Double(steps - 1)
    }

    /// All the axis's values, in order.
    public var values: [Double] { (0..<max(0, steps)).map(value(at:)) }

    /// The scenario setting that gives this axis's parameter `value`.
    public func setting(_ value: Double) -> Scenario.Change.Setting { .muscle(parameter, value) }

    /// The scenario change that sets value number `i`.
    public func change(at i: Int) -> Scenario.Change {
        Scenario.Change(.muscles(target), setting(value(at: i)))
    }

    /// Indices of the muscles of `model` the axis sets (empty when it names none).
    public func muscles(in model: Model) -> [Int] { target.muscles(in: model) }

    /// Checks the axis against `model`: the target exists, steps ≥ 1, the parameter
    /// applies to every muscle it sets, and both end values are allowed.
    /// - Throws: `EquilibriumError.invalidParameter` with `field` = `name`.
    public func validate(in model: Model) throws {
        func fail(_ message: String) -> EquilibriumError { .invalidParameter(field: .key(name), message: message) }
        if steps < 1 { throw fail("steps must be at least 1, not \(steps)") }
        if !from.isFinite || !to.isFinite { throw fail("from and to must be finite numbers") }
        let members = muscles(in: model)
        if members.isEmpty {
            switch target {
            case .muscle(let n): throw fail("no muscle named '\(n)' in model \(model.name)")
            case .group(let g): throw fail("no muscle or group named '\(g)' in model \(model.name)")
            }
        }
        let ends = steps == 1 ? [from] : [from, to]
        // Each end within the parameter's range (`MuscleParameter.range`); the values
        // between are a linear blend of the two, so they stay finite.
        for x in ends {
            do {
                try parameter.validate(x)
            } catch EquilibriumError.invalidParameter(_, let message) {
                throw fail("\(parameter.rawValue) \(message)")
            }
        }
        for i in members {
            if let complaint = model.muscles[i].law.sweepComplaint(parameter, values: ends, muscle: model.muscles[i].name) {
                throw fail(complaint)
            }
        }
    }
}
