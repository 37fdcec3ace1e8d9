/// A converged static equilibrium of the scapula.
public struct Equilibrium: Sendable {
    /// Scapula pose at equilibrium.
    public var pose: Pose
    /// Newton iterations (KKT solves), over all active-set changes.
    public var iterations: Int
    /// Residuals at the solution: net force (N), net moment about the scapula origin
    /// (N·m), largest constraint violation (m).
    public var forceResidual: Double
    public var momentResidual: Double
    public var constraintViolation: Double
    /// The scaled KKT residual max(|F|/tolF, |M|/tolM, |c|/tolC) before each Newton
    /// step and at the end: the convergence history.
    public var residualHistory: [Double]
    /// Total potential energy U (J), up to a constant.
    public var energy: Double
    public var muscles: [MuscleState]
    public var constraints: [ConstraintReaction]
    public var stability: Stability
    /// Lagrange multipliers per constraint equation (N; 0 for a contact that lifted
    /// off), in model order: with the pose and active set they warm-start a solve.
    public var multipliers: [Double]

    /// Which unilateral contacts are pressed (true) or lifted off (false), by constraint
    /// index; bilateral constraints are always true.
    public var activeConstraints: [Bool] { constraints.map(\.active) }
}

/// A muscle at equilibrium.
public struct MuscleState: Sendable, Equatable {
    public enum State: String, Sendable { case slack, normal, taut }
    public var name: String
    public var group: String
    /// Path length, m.
    public var length: Double
    /// Length where tension begins, m (`ForceLaw.slackLength`).
    public var slackLength: Double
    /// L / slack length − 1.
    public var strain: Double
    /// Tension, N.
    public var tension: Double
    /// dT/dL, N/m.
    public var stiffness: Double
    public var state: State
}

/// What a constraint does at equilibrium.
public struct ConstraintReaction: Sendable, Equatable {
    public var name: String
    /// Reaction force on the scapula at the constrained point, thorax axes, N.
    public var force: Vector3
    /// False for a unilateral contact that has lifted off.
    public var active: Bool
    /// True for a bilateral contact (ellipsoid) that has to pull the scapula onto the
    /// thorax: in reality it would lift off.
    public var pulls: Bool
    /// The residual of each equation, m.
    public var residuals: [Double]
}
