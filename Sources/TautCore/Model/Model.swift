/// A scapula held against the thorax by muscles, constraints and loads.
/// Frames and units follow docs/DESIGN.md: thorax frame = ground (ISB), SI units.
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

extension Model {
    /// Every length of a model (rest, fibre and tendon slack lengths, strut lengths,
    /// ellipsoid radii): 1 µm to 10 m. A shoulder's are millimetres to decimetres; below
    /// a micrometre a length is round-off against the positions (which are metres), and
    /// nothing in a body is 10 m long.
    public static let lengthRange = PhysicalRange(1e-6, 10, unit: "m")
    /// Every point (path points, body, ground and contact points, centres, landmarks,
    /// the centre of mass): within 10 m of its frame's origin.
    public static let pointRange = PhysicalRange(0, 10, unit: "m from the frame's origin")
    /// |gravity|: 0 (gravity off) to 100 m/s² (10 g, more than a body bears for long).
    public static let gravityRange = PhysicalRange(0, 100, unit: "m/s²")
    /// `report.taut_strain`: 0 to 10 (1,000 % strain; muscle tears near 50–100 %).
    public static let tautStrainRange = PhysicalRange(0, 10, unit: "")
}
