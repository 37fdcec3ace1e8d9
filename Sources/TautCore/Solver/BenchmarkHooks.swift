/// Entry points into single stages of the Newton iteration, for the benchmarks only
/// (`@_spi(Benchmarks) import TautCore`). Each runs on the solver's own workspaces.
extension EquilibriumSolver {
    /// Path length, gradient and Hessian of muscle `index` at `pose` (the kernel of assembly).
    @_spi(Benchmarks) public func pathDerivatives(muscle index: Int, at pose: Pose) -> PoseDerivatives {
        assembly.pathDerivatives(index, at: pose)
    }

    /// One assembly (gradient, Lagrangian Hessian, constraint rows) with every
    /// constraint pressed; returns the scaled residual.
    @_spi(Benchmarks) public func assembleOnce(at pose: Pose) -> Double {
        active.update(repeating: true)
        updateActiveEquations()
        return assemble(at: pose).scaled
    }

    /// One fill, factorisation and solve of the KKT system at `pose` (assembles first).
    @_spi(Benchmarks) public func factorOnce(at pose: Pose) throws -> Double {
        active.update(repeating: true)
        updateActiveEquations()
        let g = assemble(at: pose).gradient
        try factorNewtonSystem(gradient: g)
        return kkt.rhs[0]
    }
}
