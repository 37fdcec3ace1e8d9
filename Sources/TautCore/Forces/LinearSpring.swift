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

    /// The rest length, m.
    public var slackLength: Double { restLength }
}

extension LinearSpring {
    /// k: 0 (a muscle that does nothing) or 1 mN/m to 10 MN/m. Tendons are 1e5–1e6 N/m
    /// stiff; anything stiffer is a strut (a `distance` constraint); a nonzero k below
    /// 1 mN/m pulls less than 10 mN at a 10 m stretch (write 0), and keeps denormals out.
    public static let stiffnessRange = PhysicalRange(1e-3, 1e7, unit: "N/m", zeroAllowed: true)
}

extension LinearSpring: MuscleLaw {
    /// The spring's keys in model files. `rest_length_scale` (reader only) gives the rest
    /// length as a multiple of the muscle's path length at the reference pose.
    public enum Key: String, CaseIterable, Sendable {
        case stiffness
        case restLength = "rest_length"
        case restLengthScale = "rest_length_scale"
    }

    public static let name = "spring"
    public static let keys = Key.allCases.map(\.rawValue)

    public var fileValues: [(key: String, value: Double)] {
        [(Key.stiffness.rawValue, stiffness), (Key.restLength.rawValue, restLength)]
    }

    /// `stiffness`, and `rest_length` or `rest_length_scale` (× the reference path
    /// length; the same range as a scenario's `rest_length_scale`).
    public static func read(_ entries: some LawFileEntries) throws -> LinearSpring {
        let stiffness = try entries.required(Key.stiffness.rawValue)
        let length = Key.restLength.rawValue, scale = Key.restLengthScale.rawValue
        let rest: Double
        switch (entries.has(length), entries.has(scale)) {
        case (true, false): rest = try entries.number(length)!
        case (false, true):
            let s = try entries.number(scale)!
            do {
                try MuscleParameter.restLengthScale.validate(s)
            } catch EquilibriumError.invalidParameter(_, let message) {
                throw entries.error(scale, message)
            }
            rest = s * entries.referenceLength
        case (true, true): throw entries.error(scale, "give \(length) or \(scale), not both")
        case (false, false): throw entries.error(nil, "a spring needs \(length) or \(scale)")
        }
        return LinearSpring(stiffness: stiffness, restLength: rest)
    }

    public func validate(field: FieldPath) throws {
        try Self.check(stiffness, Self.stiffnessRange, field, Key.stiffness.rawValue)
        try Self.check(restLength, Model.lengthRange, field, Key.restLength.rawValue)
    }

    /// `rest_length_scale` scales the rest length, `stiffness_scale` the stiffness;
    /// `activation` does not apply.
    public func setting(_ parameter: MuscleParameter, _ value: Double, base: LinearSpring, field: FieldPath) throws -> LinearSpring {
        var result = self
        switch parameter {
        case .restLengthScale: result.restLength = base.restLength * value
        case .stiffnessScale: result.stiffness = base.stiffness * value
        case .activation:
            throw EquilibriumError.invalidParameter(field: field, message: "activation applies to hill muscles, not springs")
        }
        return result
    }

    public func sweepComplaint(_ parameter: MuscleParameter, values: [Double], muscle: String) -> String? {
        switch parameter {
        case .restLengthScale, .stiffnessScale: return nil
        case .activation: return "activation applies to hill muscles; '\(muscle)' is a spring"
        }
    }

    public func interpolated(to other: LinearSpring, _ t: Double) -> LinearSpring {
        func mix(_ a: Double, _ b: Double) -> Double { a + (b - a) * t }
        return LinearSpring(stiffness: mix(stiffness, other.stiffness), restLength: mix(restLength, other.restLength))
    }
}
