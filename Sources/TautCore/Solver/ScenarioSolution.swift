/// The outcome of one case of a scenario.
public struct CaseSolution: Sendable {
    public var name: String
    public var description: String
    /// The case's model (the scenario's model with the case's changes).
    public var model: Model
    /// The equilibrium, or why there is none.
    public var outcome: Result<Equilibrium, EquilibriumError>
    /// True when the direct solve failed and the equilibrium came from a homotopy from
    /// the baseline.
    public var usedHomotopy: Bool

    public var equilibrium: Equilibrium? { try? outcome.get() }
}

extension Scenario {
    /// Solves every case: directly from the model's reference pose, and when that
    /// fails, by homotopy from the baseline's equilibrium (the parameters moved from the
    /// baseline's to the case's in steps, each warm-started from the last).
    /// - Throws: `EquilibriumError.invalidParameter` when a case's model is invalid.
    public func solveAll(options: SolverOptions = SolverOptions()) throws -> [CaseSolution] {
        var solutions: [CaseSolution] = []
        var baseline: (model: Model, equilibrium: Equilibrium)?
        for c in cases {
            let caseModel = try model(forCase: c.name)
            var outcome: Result<Equilibrium, EquilibriumError>
            var homotopy = false
            do {
                outcome = .success(try EquilibriumSolver(model: caseModel, options: options).solve())
            } catch let error as EquilibriumError {
                outcome = .failure(error)
                if case .invalidParameter = error { throw error }
                if let (baseModel, start) = baseline,
                    let e = try? Self.homotopy(from: baseModel, start: start, to: caseModel, options: options)
                {
                    outcome = .success(e)
                    homotopy = true
                }
            }
            if baseline == nil, case .success(let e) = outcome { baseline = (caseModel, e) }
            solutions.append(
                CaseSolution(name: c.name, description: c.description, model: caseModel, outcome: outcome, usedHomotopy: homotopy))
        }
        return solutions
    }

    /// Continuation from `start` (an equilibrium of `from`) to the model `to`, which
    /// must differ only in force-law parameters and load forces.
    public static func homotopy(
        from: Model, start: Equilibrium, to target: Model, steps: Int = 16, options: SolverOptions = SolverOptions()
    ) throws -> Equilibrium {
        let solver = try EquilibriumSolver(model: from, options: options)
        var current = start
        for k in 1...steps {
            let t = Double(k) / Double(steps)
            for i in target.muscles.indices {
                try solver.setLaw(from.muscles[i].law.interpolated(to: target.muscles[i].law, t), forMuscle: i)
            }
            try solver.setLoads(zip(from.loads, target.loads).map { a, b in a.force + (b.force - a.force) * t })
            current = try solver.solve(from: .equilibrium(current))
        }
        return current
    }
}
