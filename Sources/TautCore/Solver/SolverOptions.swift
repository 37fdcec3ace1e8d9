/// Tolerances and limits of the equilibrium solver.
public struct SolverOptions: Equatable, Sendable {
    /// Largest net force allowed at equilibrium, N (docs/DESIGN.md: 1e-9 N).
    public var forceTolerance = 1e-9
    /// Largest net moment about the scapula origin allowed at equilibrium, N·m.
    public var momentTolerance = 1e-9
    /// Largest constraint violation allowed, m.
    public var constraintTolerance = 1e-12
    /// Newton iterations allowed in one solve (over all active-set changes).
    public var maxIterations = 200
    /// Length (m) that turns rotations into displacements where the solver must
    /// compare them: the regularisation of an indefinite Hessian, and stability
    /// eigenvalues (reported in N/m, a rotation of θ rad counted as θ × this length).
    public var characteristicLength = 0.1
    /// A scapula origin that moves farther than this (m) from where it started is
    /// declared free: nothing holds it.
    public var maxTravel = 1.0

    public init() {}
}
