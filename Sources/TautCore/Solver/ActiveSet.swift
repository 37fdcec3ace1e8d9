extension EquilibriumSolver {
    /// The one change to the contact set that the solution at `pose` calls for: press
    /// the lifted contact that penetrates deepest, else release the pressed contact
    /// that pulls hardest; nil when every pressed contact pushes and no lifted one
    /// penetrates.
    func activeSetChange(at pose: Pose) -> (constraint: Int, activate: Bool)? {
        var deepest: (Int, Double)?
        var hardest: (Int, Double)?
        for e in 0..<assembly.equationCount {
            let i = assembly.equationConstraint[e]
            guard model.constraints[i].isUnilateral else { continue }
            if active[i] {
                let mu = multipliers[e]
                if mu < -pullTolerance && mu < (hardest?.1 ?? 0) { hardest = (i, mu) }
            } else {
                let c = assembly.residual(e, at: pose)
                if c < -options.constraintTolerance && c < (deepest?.1 ?? 0) { deepest = (i, c) }
            }
        }
        if let d = deepest { return (d.0, true) }
        if let h = hardest { return (h.0, false) }
        return nil
    }
}
