/// A constant external force on a scapula point, e.g. the weight of the arm at the glenoid.
public struct Load: Equatable, Sendable {
    public var name: String
    /// Point of application in the scapula frame, m.
    public var bodyPoint: Vector3
    /// Force in thorax axes, N.
    public var force: Vector3

    public init(name: String, bodyPoint: Vector3, force: Vector3) {
        self.name = name
        self.bodyPoint = bodyPoint
        self.force = force
    }
}

extension Load {
    /// |force|: up to 100 kN, the largest F_max (`HillMuscle.maxIsometricForceRange`);
    /// the arm's weight is 35 N.
    public static let forceRange = PhysicalRange(0, 1e5, unit: "N")
}
