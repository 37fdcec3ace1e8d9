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

extension Scapula {
    /// 1 mg to 100 kg: a scapula is 0.1–0.5 kg, 100 kg covers a body carried on it, and
    /// a milligram test body still weighs 1e-5 N, far above the 1e-9 N force tolerance.
    public static let massRange = PhysicalRange(1e-6, 100, unit: "kg")
    /// The reference position's distance from the thorax origin (incisura jugularis):
    /// at most 1 m. The angulus acromialis lies 0.1–0.25 m from it in any posture.
    public static let originRange = PhysicalRange(0, 1, unit: "m from the thorax origin")
}
