/// A 3-vector of doubles. Positions are in metres, forces in newtons, unless a
/// declaration says otherwise.
public typealias Vector3 = SIMD3<Double>

extension SIMD3 where Scalar == Double {
    /// Dot product.
    @inlinable public func dot(_ other: Vector3) -> Double {
        (self * other).sum()
    }

    /// Cross product `self × other`.
    @inlinable public func cross(_ other: Vector3) -> Vector3 {
        Vector3(
            y * other.z - z * other.y,
            z * other.x - x * other.z,
            x * other.y - y * other.x)
    }

    /// Squared Euclidean norm.
    @inlinable public var lengthSquared: Double { dot(self) }

    /// Euclidean norm.
    @inlinable public var length: Double { lengthSquared.squareRoot() }

    /// True when every component is finite.
    @inlinable public var isFinite: Bool { x.isFinite && y.isFinite && z.isFinite }
}
