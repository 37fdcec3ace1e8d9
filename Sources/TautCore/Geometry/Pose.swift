/// The placement of the scapula frame in the thorax frame: a point `x` given in
/// scapula coordinates sits at `position + rotation * x` in thorax coordinates.
public struct Pose: Equatable, Sendable {
    /// Origin of the scapula frame in the thorax frame, m.
    public var position: Vector3
    /// Rotation mapping scapula-frame vectors to thorax-frame vectors.
    public var rotation: Matrix3

    public init(position: Vector3, rotation: Matrix3) {
        self.position = position
        self.rotation = rotation
    }

    public static let identity = Pose(position: .zero, rotation: .identity)

    /// A scapula-frame point expressed in the thorax frame, m.
    @inlinable @inline(__always) public func transform(_ point: Vector3) -> Vector3 {
        position + rotation * point
    }

    /// The pose moved by a translation `dp` (m, thorax frame) and a rotation vector
    /// `dtheta` (rad, thorax frame, about the scapula origin):
    /// position + dp, exp(dtheta) · rotation. These are the solver's coordinates.
    public func displaced(translation dp: Vector3, rotation dtheta: Vector3) -> Pose {
        Pose(position: position + dp, rotation: Rotation.exp(dtheta) * rotation)
    }

    /// The rigid motion `motion ∘ self`: the pose after moving the whole scene by `motion`.
    public func moved(by motion: Pose) -> Pose {
        Pose(position: motion.transform(position), rotation: motion.rotation * rotation)
    }

    /// Translation (m) and rotation vector (rad) taking `self` to `other`, in the thorax frame.
    public func difference(to other: Pose) -> (translation: Vector3, rotation: Vector3) {
        (other.position - position, Rotation.log(other.rotation * rotation.transpose))
    }
}

extension Pose {
    /// The Euler-free change of orientation from `baseline` to this pose: the rotation
    /// vector (rad, thorax axes) of R · R_baselineᵀ, the single rotation that carries the
    /// baseline's orientation to this one. About X (anterior) is a rotation in the frontal
    /// plane, about Y (up) in the transverse plane, about Z (right) in the sagittal plane
    /// (negative Z = anterior tipping). Unlike differences of ISB Euler angles it does not
    /// mix one plane's rotation into another's at large protraction.
    public func helicalChange(from baseline: Pose) -> Vector3 {
        Rotation.log(rotation * baseline.rotation.transpose)
    }
}
