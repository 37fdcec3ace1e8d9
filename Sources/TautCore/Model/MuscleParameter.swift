/// A muscle quantity that can be changed: by a scenario change, along a sweep axis (and
/// by the coming `uncertainty` parameters). The raw value is its key in files. A scale
/// refers to the model's own value, never cumulative: a scale of 1 restores the model's.
/// What the value does to each force law is the law's (`ForceLaw.setting`).
public enum MuscleParameter: String, CaseIterable, Equatable, Sendable {
    /// Spring: rest length × s. Hill: optimal fibre and tendon slack lengths × s.
    case restLengthScale = "rest_length_scale"
    /// Spring: stiffness × s. Hill: maximum isometric force × s.
    case stiffnessScale = "stiffness_scale"
    /// Hill: activation (0–1).
    case activation

    /// The parameter's key in files.
    public var key: String { rawValue }

    /// The values the parameter may take.
    public var range: PhysicalRange {
        switch self {
        case .restLengthScale: return Self.restLengthScaleRange
        case .stiffnessScale: return Self.stiffnessScaleRange
        case .activation: return Self.activationRange
        }
    }

    /// `rest_length_scale`: 1e-3 to 1e3. A muscle a thousand times shorter or longer
    /// than the model's is no longer that muscle (a contracture shortens by 10–30 %).
    public static let restLengthScaleRange = PhysicalRange(1e-3, 1e3, unit: "")
    /// `stiffness_scale`: 0 (the muscle removed) or 1e-3 to 1e3 (a thousand-fold
    /// weaker muscle does nothing that 0 does not; a thousand-fold stronger is not a muscle).
    public static let stiffnessScaleRange = PhysicalRange(1e-3, 1e3, unit: "", zeroAllowed: true)
    /// `activation`: 0 (relaxed) to 1 (maximal).
    public static let activationRange = PhysicalRange(0, 1, unit: "")

    /// Checks `value` against the parameter's range.
    /// - Throws: `EquilibriumError.invalidParameter` with `field` = `key`.
    public func validate(_ value: Double) throws {
        if !range.contains(value) { throw EquilibriumError.invalidParameter(field: .key(key), message: range.complaint(value)) }
    }
}

/// The muscles a change or a sweep axis sets: one muscle, or every muscle of a group.
public enum MuscleTarget: Equatable, Sendable {
    case muscle(String)
    case group(String)

    /// The muscle or group name.
    public var name: String {
        switch self {
        case .muscle(let n), .group(let n): return n
        }
    }

    /// Indices of the muscles of `model` the target names, ascending (empty when none).
    public func muscles(in model: Model) -> [Int] {
        switch self {
        case .muscle(let n): return model.muscleIndex(n).map { [$0] } ?? []
        case .group(let g): return model.muscles.indices.filter { model.muscles[$0].group == g }
        }
    }

    /// What a name may stand for in a lookup.
    public enum Lookup: Sendable {
        /// A muscle only.
        case muscle
        /// A group only.
        case group
        /// A muscle of that name, else a group.
        case muscleOrGroup
    }

    /// The target `name` stands for in `model` (nil when it names nothing `lookup` allows).
    public static func named(_ name: String, in model: Model, as lookup: Lookup = .muscleOrGroup) -> MuscleTarget? {
        if lookup != .group, model.muscleIndex(name) != nil { return .muscle(name) }
        if lookup != .muscle, model.muscles.contains(where: { $0.group == name }) { return .group(name) }
        return nil
    }
}
