import Foundation

/// Scapular orientation as ISB Y-X-Z angles (Wu et al. 2005), in degrees, with
/// docs/DESIGN.md's signs: R = Ry(protraction) · Rx(−lateralRotation) · Rz(posteriorTilt),
/// R mapping scapula-frame vectors to thorax-frame vectors.
public struct ISBAngles: Equatable, Sendable {
    /// Protraction (+) / retraction (−) about the thorax Y axis, degrees.
    public var protraction: Double
    /// Lateral (upward, +) / medial rotation, degrees.
    public var lateralRotation: Double
    /// Posterior (+) / anterior (−) tilt, degrees.
    public var posteriorTilt: Double

    public init(protraction: Double, lateralRotation: Double, posteriorTilt: Double) {
        self.protraction = protraction
        self.lateralRotation = lateralRotation
        self.posteriorTilt = posteriorTilt
    }

    /// The rotation these angles describe.
    public var rotation: Matrix3 {
        let d = Double.pi / 180
        return Rotation.y(protraction * d) * Rotation.x(-lateralRotation * d) * Rotation.z(posteriorTilt * d)
    }

    /// The angles of a rotation; the middle angle is taken in [−90°, 90°].
    public init(_ r: Matrix3) {
        // R = Ry(a) Rx(b) Rz(c): R[1,2] = −sin b, R[0,2] = sin a cos b, R[2,2] = cos a cos b,
        // R[1,0] = cos b sin c, R[1,1] = cos b cos c.
        let b = asin(max(-1, min(1, -r[1, 2])))
        let a = atan2(r[0, 2], r[2, 2])
        let c = atan2(r[1, 0], r[1, 1])
        let d = 180 / Double.pi
        self.init(protraction: a * d, lateralRotation: -b * d, posteriorTilt: c * d)
    }
}

extension ISBAngles {
    /// An angle in a file, degrees: within ±360°. Every orientation has such angles; a
    /// larger one is a units slip (radians, per cent), and cos/sin of 1e300 are round-off.
    public static let degreesRange = PhysicalRange(-360, 360, unit: "degrees")
}
