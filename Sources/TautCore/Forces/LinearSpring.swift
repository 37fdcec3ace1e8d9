/// A tension-only linear spring: T = k · max(0, L − L0).
public struct LinearSpring: Equatable, Sendable {
    /// k, N/m.
    public var stiffness: Double
    /// L0, m.
    public var restLength: Double

    public init(stiffness: Double, restLength: Double) {
        self.stiffness = stiffness
        self.restLength = restLength
    }

    @inline(__always) public func response(length: Double) -> (tension: Double, stiffness: Double) {
        let stretch = length - restLength
        return stretch > 0 ? (stiffness * stretch, stiffness) : (0, 0)
    }

    @inline(__always) public func potential(length: Double) -> Double {
        let stretch = max(0, length - restLength)
        return 0.5 * stiffness * stretch * stretch
    }
}

extension LinearSpring {
    /// k: 0 (a muscle that does nothing) or 1 mN/m to 10 MN/m. Tendons are 1e5–1e6 N/m
    /// stiff; anything stiffer is a strut (a `distance` constraint); a nonzero k below
    /// 1 mN/m pulls less than 10 mN at a 10 m stretch (write 0), and keeps denormals out.
    public static let stiffnessRange = PhysicalRange(1e-3, 1e7, unit: "N/m", zeroAllowed: true)
}
