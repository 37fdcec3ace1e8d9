extension EquilibriumSolver {
    /// The equilibrium at converged `pose`, with muscle states, reactions and stability.
    func result(at pose: Pose, iterations: Int) throws -> Equilibrium {
        // The last assembly was at `pose` (the convergence test) with the final active set.
        let stability = try stabilityAnalysis()
        var muscles: [MuscleState] = []
        muscles.reserveCapacity(model.muscles.count)
        for (i, muscle) in model.muscles.enumerated() {
            let length = assembly.muscleLength(i, at: pose)
            let (tension, stiffness) = muscle.law.response(length: length)
            let strain = muscle.law.strain(length: length)
            let state: MuscleState.State =
                tension <= 0 ? .slack : (strain > model.tautStrain ? .taut : .normal)
            muscles.append(
                MuscleState(
                    name: muscle.name, group: muscle.group, length: length,
                    slackLength: muscle.law.slackLength, strain: strain, tension: tension,
                    stiffness: stiffness, state: state))
        }
        let pullTolerance = max(options.forceTolerance, 64 * Double.ulpOfOne * forceScale)
        var reactions: [ConstraintReaction] = []
        var allMultipliers: [Double] = []
        allMultipliers.reserveCapacity(assembly.equationCount)
        for (i, constraint) in model.constraints.enumerated() {
            var force = Vector3.zero
            var values: [Double] = []
            var pulls = false
            for e in 0..<assembly.equationCount where assembly.equationConstraint[e] == i {
                // A pressed constraint's row and residual are those of the last assembly, at `pose`.
                let value = active[i] ? residuals[e] : assembly.residual(e, at: pose)
                values.append(value)
                let mu = active[i] ? multipliers[e] : 0
                allMultipliers.append(mu)
                if active[i] { force += jacobian[e].translational * mu }
                if case .ellipsoid = constraint.kind, mu < -pullTolerance { pulls = true }
            }
            reactions.append(
                ConstraintReaction(name: constraint.name, force: force, active: active[i], pulls: pulls, residuals: values))
        }
        return Equilibrium(
            pose: pose, iterations: iterations, forceResidual: lastForce, momentResidual: lastMoment,
            constraintViolation: lastViolation, residualHistory: Array(history[0..<historyCount]),
            energy: assembly.energy(at: pose), muscles: muscles, constraints: reactions,
            stability: stability, multipliers: allMultipliers)
    }
}
