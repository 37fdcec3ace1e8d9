/// A scapula held against the thorax by muscles, constraints and loads.
/// Frames and units follow DESIGN.md: thorax frame = ground (ISB), SI units.
public struct Model: Equatable, Sendable {
    public var name: String
    public var description: String
    /// Where the numbers come from.
    public var source: String
    /// Gravitational acceleration in thorax axes, m/s².
    public var gravity: Vector3
    public var scapula: Scapula
    public var constraints: [Constraint]
    public var muscles: [Muscle]
    public var loads: [Load]
    /// Strain above which a muscle is reported `taut`.
    public var tautStrain: Double

    public init(
        name: String, description: String = "", source: String = "",
        gravity: Vector3 = Vector3(0, -9.80665, 0), scapula: Scapula,
        constraints: [Constraint] = [], muscles: [Muscle], loads: [Load] = [],
        tautStrain: Double = 0.1
    ) {
        self.name = name
        self.description = description
        self.source = source
        self.gravity = gravity
        self.scapula = scapula
        self.constraints = constraints
        self.muscles = muscles
        self.loads = loads
        self.tautStrain = tautStrain
    }

    /// Index of the muscle called `name`.
    public func muscleIndex(_ name: String) -> Int? {
        muscles.firstIndex { $0.name == name }
    }
}
