/// The tension a muscle carries as a function of its path length, with its
/// derivative and potential. Tension is never negative.
public enum ForceLaw: Equatable, Sendable {
    case spring(LinearSpring)
    case hill(HillMuscle)

    /// Tension T (N), stiffness dT/dL (N/m) at path length `length` (m).
    @inline(__always) public func response(length: Double) -> (tension: Double, stiffness: Double) {
        switch self {
        case .spring(let s): return s.response(length: length)
        case .hill(let h): return h.response(length: length)
        }
    }

    /// Elastic potential V(L) (J) with dV/dL = tension; V = 0 where the muscle is slack.
    @inline(__always) public func potential(length: Double) -> Double {
        switch self {
        case .spring(let s): return s.potential(length: length)
        case .hill(let h): return h.potential(length: length)
        }
    }

    /// The length (m) at which passive tension begins: the spring's rest length, or the
    /// Hill muscle's tendon slack length + optimal fibre length × cos(pennation).
    public var slackLength: Double {
        switch self {
        case .spring(let s): return s.restLength
        case .hill(let h): return h.slackLength
        }
    }

    /// Strain at `length`: L / slack length − 1.
    public func strain(length: Double) -> Double {
        length / slackLength - 1
    }
}
