/// A small seeded random number generator (SplitMix64, Steele et al. 2014), so that
/// synthetic models, random starts and tests are reproducible on every platform.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in [a, b).
    public mutating func uniform(_ a: Double, _ b: Double) -> Double {
        Double.random(in: a..<b, using: &self)
    }

    /// A uniformly distributed unit vector.
    public mutating func unitVector() -> Vector3 {
        while true {
            let v = Vector3(uniform(-1, 1), uniform(-1, 1), uniform(-1, 1))
            let l = v.length
            if l > 0.1 && l <= 1 { return v / l }
        }
    }
}
