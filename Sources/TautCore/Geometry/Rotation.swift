import Foundation

/// Rotations as orthonormal matrices, with the exponential and logarithm maps
/// between rotation vectors (axis × angle in radians) and matrices.
public enum Rotation {
    /// The rotation by `angle` radians about the unit `axis`.
    public static func about(_ axis: Vector3, angle: Double) -> Matrix3 {
        exp(axis / axis.length * angle)
    }

    /// Elementary rotations about the coordinate axes (radians).
    public static func x(_ angle: Double) -> Matrix3 {
        let c = cos(angle), s = sin(angle)
        return Matrix3(rows: Vector3(1, 0, 0), Vector3(0, c, -s), Vector3(0, s, c))
    }

    public static func y(_ angle: Double) -> Matrix3 {
        let c = cos(angle), s = sin(angle)
        return Matrix3(rows: Vector3(c, 0, s), Vector3(0, 1, 0), Vector3(-s, 0, c))
    }

    public static func z(_ angle: Double) -> Matrix3 {
        let c = cos(angle), s = sin(angle)
        return Matrix3(rows: Vector3(c, -s, 0), Vector3(s, c, 0), Vector3(0, 0, 1))
    }

    /// Exponential map (Rodrigues): the rotation of angle |v| about v/|v|.
    public static func exp(_ v: Vector3) -> Matrix3 {
        let theta2 = v.lengthSquared
        let theta = theta2.squareRoot()
        // a = sin θ / θ, b = (1 − cos θ) / θ², by their series for small θ.
        let a: Double, b: Double
        if theta < 1e-4 {
            a = 1 - theta2 / 6
            b = 0.5 - theta2 / 24
        } else {
            a = sin(theta) / theta
            b = (1 - cos(theta)) / theta2
        }
        let k = Matrix3.skew(v)
        return Matrix3.identity + k * a + (k * k) * b
    }

    /// Logarithm map: the rotation vector v (|v| ≤ π) with exp(v) = `r`.
    public static func log(_ r: Matrix3) -> Vector3 {
        let cosTheta = min(1, max(-1, (r.trace - 1) / 2))
        // Twice the axial vector of the skew part: 2 sin θ · axis.
        let w = Vector3(r[2, 1] - r[1, 2], r[0, 2] - r[2, 0], r[1, 0] - r[0, 1])
        let sinTheta2 = w.length  // 2 sin θ
        let theta = atan2(sinTheta2 / 2, cosTheta)
        if theta < 1e-4 {
            return w * (0.5 + theta * theta / 12)
        }
        if Double.pi - theta > 1e-4 {
            return w * (theta / sinTheta2)
        }
        // Near π: axis from the symmetric part, R + I ≈ 2 n nᵀ.
        let s = (r + r.transpose) * 0.5 + Matrix3.identity * (-cosTheta)
        let cols = [s.c0, s.c1, s.c2]
        var n = cols.max { $0.lengthSquared < $1.lengthSquared }!
        n /= n.length
        if n.dot(w) < 0 { n = -n }
        return n * theta
    }
}
