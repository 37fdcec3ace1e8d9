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
        /// A compliant contact on the same ellipsoid: no equation, but a one-sided penalty
        /// U = ½ k p² on the penetration p = max(0, −d) (d the signed distance above, m;
        /// `stiffness` k in N/m), as DAS3 models scapula–thorax contact: the thorax pushes
        /// with −∂U/∂x = k p ∇d (along the outward normal at the surface; |∇d| is 1 only
        /// where the ellipsoid is a sphere), and the point can press in and tip.
        case compliantEllipsoid(center: Vector3, radii: Vector3, stiffness: Double)
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
        switch kind {
        case .point: return 3
        case .distance, .ellipsoid: return 1
        case .compliantEllipsoid: return 0
        }
    }

    /// True for a contact that can lift off.
    public var isUnilateral: Bool {
        switch kind {
        case .point, .distance, .compliantEllipsoid: return false
        case .ellipsoid(_, _, let unilateral): return unilateral
        }
    }

    /// A constraint's keys in model files besides `name` and `type`, in the order they are
    /// allowed and written.
    public enum Key: String, CaseIterable, Sendable {
        case bodyPoint = "body_point"
        case groundPoint = "ground_point"
        case length, center, radii, unilateral, stiffness
    }

    /// Checks the body point and the kind's parameters against their ranges; `field`
    /// (`constraints[i] (name)`) prefixes the key named.
    /// - Throws: `EquilibriumError.invalidParameter`.
    public func validate(field: FieldPath) throws {
        try Model.checkPoint(bodyPoint, field.key(Key.bodyPoint.rawValue))
        try kind.validate(field: field)
    }
}

extension Constraint.Kind {
    /// The kinds, by their names in files (`type: point`).
    public enum Tag: String, CaseIterable, Sendable {
        case point, distance, ellipsoid

        /// The kind's own keys in model files.
        public var keys: [Constraint.Key] {
            switch self {
            case .point: return [.groundPoint]
            case .distance: return [.groundPoint, .length]
            case .ellipsoid: return [.center, .radii, .unilateral, .stiffness]
            }
        }
    }

    public var tag: Tag {
        switch self {
        case .point: return .point
        case .distance: return .distance
        case .ellipsoid, .compliantEllipsoid: return .ellipsoid
        }
    }

    /// True for a surface the point rests on: its reaction is reported as pulling when it
    /// draws the point in (`ConstraintReaction.pulls`).
    public var isSurface: Bool {
        switch self {
        case .point, .distance: return false
        case .ellipsoid, .compliantEllipsoid: return true
        }
    }

    /// A value a model file holds.
    public enum FileValue: Equatable, Sendable {
        case vector(Vector3), number(Double), bool(Bool)
    }

    /// The kind's parameters as a model file writes them, in `tag.keys` order.
    public var fileValues: [(key: Constraint.Key, value: FileValue)] {
        switch self {
        case .point(let g): return [(.groundPoint, .vector(g))]
        case .distance(let g, let length): return [(.groundPoint, .vector(g)), (.length, .number(length))]
        case .ellipsoid(let center, let radii, let unilateral):
            return [(.center, .vector(center)), (.radii, .vector(radii)), (.unilateral, .bool(unilateral))]
        case .compliantEllipsoid(let center, let radii, let stiffness):
            return [(.center, .vector(center)), (.radii, .vector(radii)), (.stiffness, .number(stiffness))]
        }
    }

    /// The kind `tag` from a model file's entries for one constraint. A point's ground
    /// point and a strut's length default to where the body point is at the reference
    /// pose (`atReference`, thorax frame); a contact is bilateral unless `unilateral`, and
    /// compliant when it has a `stiffness` (then not `unilateral` too: it is one-sided).
    public static func read(_ tag: Tag, _ entries: some FileEntries, atReference: Vector3) throws -> Constraint.Kind {
        typealias Key = Constraint.Key
        switch tag {
        case .point:
            return .point(groundPoint: try entries.vector(Key.groundPoint.rawValue) ?? atReference)
        case .distance:
            let ground = try entries.requiredVector(Key.groundPoint.rawValue)
            return .distance(groundPoint: ground, length: try entries.number(Key.length.rawValue) ?? (atReference - ground).length)
        case .ellipsoid:
            let center = try entries.requiredVector(Key.center.rawValue), radii = try entries.requiredVector(Key.radii.rawValue)
            let unilateral = try entries.bool(Key.unilateral.rawValue)
            if let stiffness = try entries.number(Key.stiffness.rawValue) {
                if unilateral != nil {
                    throw entries.error(Key.unilateral.rawValue, "a contact with a stiffness is compliant and one-sided already: give `stiffness` or `unilateral`, not both")
                }
                return .compliantEllipsoid(center: center, radii: radii, stiffness: stiffness)
            }
            return .ellipsoid(center: center, radii: radii, unilateral: unilateral ?? false)
        }
    }

    /// Checks the kind's parameters against their ranges; `field` prefixes the key named.
    /// - Throws: `EquilibriumError.invalidParameter`.
    public func validate(field: FieldPath) throws {
        func key(_ k: Constraint.Key) -> FieldPath { field.key(k.rawValue) }
        switch self {
        case .point(let g):
            try Model.checkPoint(g, key(.groundPoint))
        case .distance(let g, let length):
            try Model.checkPoint(g, key(.groundPoint))
            if !Model.lengthRange.contains(length) {
                throw EquilibriumError.invalidParameter(field: key(.length), message: Model.lengthRange.complaint(length))
            }
        case .ellipsoid(let center, let radii, _):
            try Self.checkEllipsoid(center, radii, field: field)
        case .compliantEllipsoid(let center, let radii, let stiffness):
            try Self.checkEllipsoid(center, radii, field: field)
            if !Self.contactStiffnessRange.contains(stiffness) {
                throw EquilibriumError.invalidParameter(field: key(.stiffness), message: Self.contactStiffnessRange.complaint(stiffness))
            }
        }
    }

    private static func checkEllipsoid(_ center: Vector3, _ radii: Vector3, field: FieldPath) throws {
        try Model.checkPoint(center, field.key(Constraint.Key.center.rawValue))
        if !radii.isFinite || ![radii.x, radii.y, radii.z].allSatisfy(Model.lengthRange.contains) {
            throw EquilibriumError.invalidParameter(field: field.key(Constraint.Key.radii.rawValue), message: "must each be \(Model.lengthRange.text)")
        }
    }

    /// A compliant contact's k: 1 N/m to 1e8 N/m. Soft tissue between scapula and ribs is
    /// of the order of 1e3–1e5 N/m; 1e8 N/m presses in 1 µm under 100 N (a rigid contact
    /// is `unilateral`), and below 1 N/m a contact holds nothing.
    public static let contactStiffnessRange = PhysicalRange(1, 1e8, unit: "N/m")
}
