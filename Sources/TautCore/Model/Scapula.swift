/// The rigid body the solver moves.
public struct Scapula: Equatable, Sendable {
    /// Mass, kg.
    public var mass: Double
    /// Centre of mass in the scapula frame, m.
    public var centerOfMass: Vector3
    /// The pose the model's geometry refers to; the default start of a solve.
    public var referencePose: Pose
    /// Named scapula-frame points (m), e.g. `AA`, `TS`, `AI`, for drawing and reports.
    public var landmarks: [String: Vector3]

    public init(mass: Double, centerOfMass: Vector3, referencePose: Pose, landmarks: [String: Vector3] = [:]) {
        self.mass = mass
        self.centerOfMass = centerOfMass
        self.referencePose = referencePose
        self.landmarks = landmarks
    }
}
