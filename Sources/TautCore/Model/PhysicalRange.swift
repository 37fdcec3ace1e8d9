import Foundation

/// The values a model quantity may take: what a shoulder model can physically hold,
/// and inside which every sum and product the solver forms stays finite and normal
/// (never an overflow, never a denormal). Each range lives with the model part it
/// belongs to (`LinearSpring.stiffnessRange`, `Scapula.massRange`, …) and is checked
/// once, by `Model.validate()` (or, for scenario changes, `MuscleParameter.validate`).
/// docs/FILES.md states every range with its reason.
public struct PhysicalRange: Equatable, Sendable {
    /// Smallest and largest allowed magnitude.
    public var lower: Double
    public var upper: Double
    /// Whether exactly 0 is allowed below `lower` (e.g. a stiffness of 0: no muscle).
    public var zeroAllowed: Bool
    /// The unit, for messages (empty for ratios).
    public var unit: String

    public init(_ lower: Double, _ upper: Double, unit: String, zeroAllowed: Bool = false) {
        self.lower = lower
        self.upper = upper
        self.unit = unit
        self.zeroAllowed = zeroAllowed
    }

    public func contains(_ x: Double) -> Bool {
        x.isFinite && !x.isSubnormal && ((zeroAllowed && x == 0) || (x >= lower && x <= upper))
    }

    /// "between 1e-06 and 10 m", "0 or between 0.001 and 1e+07 N/m".
    public var text: String {
        let u = unit.isEmpty ? "" : " \(unit)"
        return (zeroAllowed ? "0 or " : "") + "between \(Self.format(lower)) and \(Self.format(upper))\(u)"
    }

    /// The complaint about `x`: "must be between … (not 1e+300)" (`lead` "must lie" for
    /// a distance); never prints inf or nan.
    public func complaint(_ x: Double, lead: String = "must be") -> String {
        "\(lead) \(text) (not \(Self.format(x)))"
    }

    /// Short text of a number: `%g`, and "overflow" or "not a number" for non-finite values.
    public static func format(_ x: Double) -> String {
        if x.isNaN { return "not a number" }
        if x.isInfinite { return x > 0 ? "overflow" : "-overflow" }
        return String(format: "%g", locale: nil, x)
    }
}
