extension EquilibriumSolver {
    /// The equilibrium at converged `pose`, with muscle states, reactions and stability.
    func result(at pose: Pose, iterations: Int) throws -> Equilibrium {
        // The last assembly was at `pose` (the convergence test) with the final active set.
        let stability = try stabilityAnalysis()
        let model = self.model
        let tautStrain = model.tautStrain
        assembly.muscleLengths(at: pose, into: lengths)
        var energy = assembly.externalPotential(at: pose)
        let muscles = model.muscles.indices.map { i in
            let law = model.muscles[i].law
            let length = lengths[i]
            let (tension, stiffness) = law.response(length: length)
            energy += law.potential(length: length)
            let strain = law.strain(length: length)
            return MuscleState(
                name: model.muscles[i].name, group: model.muscles[i].group, length: length,
                slackLength: law.slackLength, strain: strain, tension: tension, stiffness: stiffness,
                state: tension <= 0 ? .slack : (strain > tautStrain ? .taut : .normal))
        }
        var reactions: [ConstraintReaction] = []
        var allMultipliers: [Double] = []
        allMultipliers.reserveCapacity(assembly.equationCount)
        for (i, constraint) in model.constraints.enumerated() {
            var force = Vector3.zero
            var values: [Double] = []
            var pulls = false
            if case .compliantEllipsoid = constraint.kind {
                let (push, penetration) = assembly.contactForce(i, at: pose)
                reactions.append(ConstraintReaction(name: constraint.name, force: push, active: penetration > 0, pulls: false, residuals: []))
                continue
            }
            for e in 0..<assembly.equationCount where assembly.equationConstraint[e] == i {
                // A pressed constraint's row and residual are those of the last assembly, at `pose`.
                let value = active[i] ? residuals[e] : assembly.residual(e, at: pose)
                values.append(value)
                let mu = active[i] ? multipliers[e] : 0
                allMultipliers.append(mu)
                if active[i] { force += jacobian[e].translational * mu }
                if constraint.kind.isSurface, mu < -pullTolerance { pulls = true }
            }
            reactions.append(
                ConstraintReaction(name: constraint.name, force: force, active: active[i], pulls: pulls, residuals: values))
        }
        return Equilibrium(
            pose: pose, iterations: iterations, forceResidual: lastForce, momentResidual: lastMoment,
            constraintViolation: lastViolation, residualHistory: Array(history[0..<historyCount]),
            energy: energy, muscles: muscles, constraints: reactions,
            stability: stability, multipliers: allMultipliers)
    }
}
