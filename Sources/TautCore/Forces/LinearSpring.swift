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
