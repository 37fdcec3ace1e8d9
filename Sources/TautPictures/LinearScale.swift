/// A linear map from data values to pixels.
public struct LinearScale: Sendable {
    public var domain: (lo: Double, hi: Double)
    public var range: (lo: Double, hi: Double)

    public init(domain: (Double, Double), range: (Double, Double)) {
        self.domain = (domain.0, domain.1)
        self.range = (range.0, range.1)
    }

    public func callAsFunction(_ value: Double) -> Double {
        let span = domain.hi - domain.lo
        guard span != 0 else { return (range.lo + range.hi) / 2 }
        return range.lo + (value - domain.lo) / span * (range.hi - range.lo)
    }

    /// The data value at pixel `p`.
    public func inverse(_ p: Double) -> Double {
        let span = range.hi - range.lo
        guard span != 0 else { return domain.lo }
        return domain.lo + (p - range.lo) / span * (domain.hi - domain.lo)
    }
}
