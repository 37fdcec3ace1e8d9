/// One force law: its mechanics, and all else the engine and the files know of it — its
/// name and parameter keys in files, its checks, what each changeable parameter does to
/// it, and its blend into another law of its kind. `LinearSpring` and `HillMuscle` are
/// the laws; `ForceLaw` holds one of them.
public protocol MuscleLaw: Equatable, Sendable {
    /// The law's name in files (`law: spring`).
    static var name: String { get }
    /// Every key of the law's parameters in model files, in the order they are written.
    static var keys: [String] { get }
    /// The parameters as a model file writes them: key and value, in `keys` order.
    var fileValues: [(key: String, value: Double)] { get }
    /// The law from a model file's entries for one muscle (the reader checks that no key
    /// outside `keys` is given; `validate` checks the values).
    static func read(_ entries: some LawFileEntries) throws -> Self

    /// Tension T (N), stiffness dT/dL (N/m) at path length `length` (m).
    func response(length: Double) -> (tension: Double, stiffness: Double)
    /// Elastic potential V(L) (J) with dV/dL = tension; V = 0 where the muscle is slack.
    func potential(length: Double) -> Double
    /// The length (m) at which passive tension begins.
    var slackLength: Double { get }

    /// Checks the parameters against their ranges; `field` prefixes the key named.
    /// - Throws: `EquilibriumError.invalidParameter`.
    func validate(field: FieldPath) throws
    /// `validate(field:)`, and what the law needs of a muscle whose path is
    /// `referenceLength` m long at the reference pose (by default nothing more).
    func validate(field: FieldPath, referenceLength: Double) throws
    /// This law with `parameter` set to `value`, a scale referring to `base` (the model's
    /// own law of this muscle).
    /// - Throws: `EquilibriumError.invalidParameter` with `field` when the parameter does
    ///   not apply to the law.
    func setting(_ parameter: MuscleParameter, _ value: Double, base: Self, field: FieldPath) throws -> Self
    /// Why a sweep may not set `parameter` to `values` on the muscle `muscle` of this law
    /// (nil: it may); the values' own range is `MuscleParameter`'s.
    func sweepComplaint(_ parameter: MuscleParameter, values: [Double], muscle: String) -> String?
    /// Every parameter moved the fraction `t` from this law's towards `other`'s.
    func interpolated(to other: Self, _ t: Double) -> Self
}

/// A model file's entries for one muscle, as a reader hands them to a law's `read`.
public protocol LawFileEntries: FileEntries {
    /// The muscle's path length at the model's reference pose, m.
    var referenceLength: Double { get }
}

extension MuscleLaw {
    public func validate(field: FieldPath, referenceLength: Double) throws {
        try validate(field: field)
    }

    /// Throws when `x` is outside `range`, naming `field.key`.
    static func check(_ x: Double, _ range: PhysicalRange, _ field: FieldPath, _ key: String) throws {
        if !range.contains(x) { throw EquilibriumError.invalidParameter(field: field.key(key), message: range.complaint(x)) }
    }
}

/// The tension a muscle carries as a function of its path length, with its
/// derivative and potential. Tension is never negative.
public enum ForceLaw: Equatable, Sendable {
    case spring(LinearSpring)
    case hill(HillMuscle)

    /// The kinds of law.
    public enum Kind: CaseIterable, Sendable {
        case spring, hill

        /// The law type.
        public var type: any MuscleLaw.Type {
            switch self {
            case .spring: return LinearSpring.self
            case .hill: return HillMuscle.self
            }
        }

        /// The law's name in files (`MuscleLaw.name`).
        public var name: String { type.name }
        /// The law's parameter keys in files (`MuscleLaw.keys`).
        public var keys: [String] { type.keys }

        /// The law from a model file's entries (`MuscleLaw.read`).
        public func read(_ entries: some LawFileEntries) throws -> ForceLaw {
            switch self {
            case .spring: return .spring(try LinearSpring.read(entries))
            case .hill: return .hill(try HillMuscle.read(entries))
            }
        }

        /// The kind called `name` in files.
        public init?(name: String) {
            guard let kind = Self.allCases.first(where: { $0.name == name }) else { return nil }
            self = kind
        }
    }

    public var kind: Kind {
        switch self {
        case .spring: return .spring
        case .hill: return .hill
        }
    }

    /// Every law's keys, in `Kind` order.
    public static let allKeys: [String] = Kind.allCases.flatMap(\.keys)

    /// The law's own value.
    public var law: any MuscleLaw {
        switch self {
        case .spring(let s): return s
        case .hill(let h): return h
        }
    }

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
        case .spring(let s): return s.slackLength
        case .hill(let h): return h.slackLength
        }
    }

    /// Strain at `length`: L / slack length − 1.
    public func strain(length: Double) -> Double {
        length / slackLength - 1
    }

    /// The parameters as a model file writes them (`MuscleLaw.fileValues`).
    public var fileValues: [(key: String, value: Double)] { law.fileValues }

    /// Checks the law's parameters against their ranges (`MuscleLaw.validate(field:)`).
    public func validate(field: FieldPath) throws {
        try law.validate(field: field)
    }

    /// Checks the law of a muscle whose path is `referenceLength` m long at the
    /// reference pose (`MuscleLaw.validate(field:referenceLength:)`).
    public func validate(field: FieldPath, referenceLength: Double) throws {
        try law.validate(field: field, referenceLength: referenceLength)
    }

    /// This law with `parameter` set to `value` from the model's law `base`
    /// (`MuscleLaw.setting`); a `base` of another kind leaves the law as it is.
    public func setting(_ parameter: MuscleParameter, _ value: Double, base: ForceLaw, field: FieldPath) throws -> ForceLaw {
        switch (self, base) {
        case (.spring(let s), .spring(let b)): return .spring(try s.setting(parameter, value, base: b, field: field))
        case (.hill(let h), .hill(let b)): return .hill(try h.setting(parameter, value, base: b, field: field))
        case (.spring, .hill), (.hill, .spring): return self
        }
    }

    /// Why a sweep may not set `parameter` to `values` on this muscle (`MuscleLaw.sweepComplaint`).
    public func sweepComplaint(_ parameter: MuscleParameter, values: [Double], muscle: String) -> String? {
        law.sweepComplaint(parameter, values: values, muscle: muscle)
    }

    /// The law with every parameter moved the fraction `t` from this law's towards
    /// `other`'s (same kind of law; otherwise `other`).
    public func interpolated(to other: ForceLaw, _ t: Double) -> ForceLaw {
        switch (self, other) {
        case (.spring(let a), .spring(let b)): return .spring(a.interpolated(to: b, t))
        case (.hill(let a), .hill(let b)): return .hill(a.interpolated(to: b, t))
        case (.spring, .hill), (.hill, .spring): return other
        }
    }
}
