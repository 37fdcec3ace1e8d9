/// A holonomic constraint between a scapula point and the thorax.
/// Residuals are in metres for every kind.
public struct Constraint: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// The scapula point coincides with `groundPoint` (thorax frame, m): 3 equations.
        case point(groundPoint: Vector3)
        /// The scapula point stays `length` m from `groundPoint` (a strut): 1 equation.
        case distance(groundPoint: Vector3, length: Double)
        /// The scapula point stays on the axis-aligned thorax ellipsoid with `center`
        /// and `radii` (m): 1 equation, the signed distance from the surface along the
        /// ray from the centre (positive outside). When `unilateral`, the point may
        /// lift off the surface outwards and the thorax can only push.
        case ellipsoid(center: Vector3, radii: Vector3, unilateral: Bool)
    }

    public var name: String
    /// The constrained point in the scapula frame, m.
    public var bodyPoint: Vector3
    public var kind: Kind

    public init(name: String, bodyPoint: Vector3, kind: Kind) {
        self.name = name
        self.bodyPoint = bodyPoint
        self.kind = kind
    }

    /// Number of scalar equations.
    public var equationCount: Int {
        if case .point = kind { return 3 }
        return 1
    }

    /// True for a contact that can lift off.
    public var isUnilateral: Bool {
        if case .ellipsoid(_, _, true) = kind { return true }
        return false
    }
}
