import Foundation

/// A rigid-tendon Hill-type muscle with Thelen (2003) force-length curves.
///
/// The fibre runs at pennation angle α with a constant panel height
/// h = l_opt · sin α₀; with x = L − l_ts its length along the tendon, the fibre length is
/// l_f = √(x² + h²) and cos α = x / l_f. Tension along the tendon is
/// T = F_max · (a · f_L(l) + f_PE(l)) · cos α, l = l_f / l_opt, with
/// f_L(l) = exp(−(l − 1)² / 0.45) and
/// f_PE(l) = (exp(5 (l − 1) / 0.6) − 1) / (exp(5) − 1) for l > 1, else 0, with its kink
/// at l = 1 smoothed: on 0.98 < l < 1.02 a cubic leaves zero with zero slope and meets
/// the curve and its slope at l = 1.02 (it differs from Thelen's by less than 0.0003 F_max).
/// Because dl_f/dL = cos α, the potential is V = F_max · l_opt · ∫ (a f_L + f_PE) dl.
///
/// **Cut-off.** Below an along-tendon fibre length x_c = 0.5 · l_opt the tension follows
/// the cubic in x that falls to zero with zero slope at x = 0 and meets the Hill tension
/// and stiffness at x_c; for x ≤ 0 the tension is 0. The tension is continuous
/// and so is the stiffness (the passive onset is smoothed too): the potential is C²
/// everywhere, which Newton needs — a calibrated model sits exactly at l = 1, and a kink
/// in stiffness there stalls the solve. The cubic stays non-negative for α₀ < 60°;
/// `Model.validate` accepts α₀ < 1 rad (57.3°).
public struct HillMuscle: Equatable, Sendable {
    /// F_max, N.
    public var maxIsometricForce: Double { didSet { updateCutoff() } }
    /// l_opt, m.
    public var optimalFiberLength: Double { didSet { updateCutoff() } }
    /// l_ts, m.
    public var tendonSlackLength: Double
    /// α₀ at optimal fibre length, radians.
    public var pennation: Double { didSet { updateCutoff() } }
    /// a, in [0, 1].
    public var activation: Double { didSet { updateCutoff() } }

    /// The cut-off cubic T(x) = c2 x² + c3 x³ on [0, x_c], derived from the fields above.
    struct Cutoff: Equatable, Sendable {
        var x = 0.0, c2 = 0.0, c3 = 0.0
        /// l_opt · sin α₀, m.
        var panelHeight = 0.0
        /// V at x_c minus the Hill branch's fibre potential at x_c, J.
        var potentialOffset = 0.0
    }
    private(set) var cut = Cutoff()

    public init(
        maxIsometricForce: Double, optimalFiberLength: Double, tendonSlackLength: Double,
        pennation: Double = 0, activation: Double = 0
    ) {
        self.maxIsometricForce = maxIsometricForce
        self.optimalFiberLength = optimalFiberLength
        self.tendonSlackLength = tendonSlackLength
        self.pennation = pennation
        self.activation = activation
        updateCutoff()
    }

    private mutating func updateCutoff() {
        cut.panelHeight = optimalFiberLength * sin(pennation)
        let xc = Self.cutoffRatio * optimalFiberLength
        guard xc > 0, xc.isFinite else { return }
        let end = hillBranch(xc)
        let c3 = (end.stiffness * xc - 2 * end.tension) / (xc * xc * xc)
        let c2 = (end.tension - c3 * xc * xc * xc) / (xc * xc)
        let cubicPotential = c2 * xc * xc * xc / 3 + c3 * xc * xc * xc * xc / 4
        cut = Cutoff(x: xc, c2: c2, c3: c3, panelHeight: cut.panelHeight, potentialOffset: cubicPotential - end.potential)
    }

    /// Ratio of the cut-off along-tendon fibre length to l_opt.
    public static let cutoffRatio = 0.5

    /// Tendon slack length + l_opt · cos α₀, m: where passive fibre force begins.
    public var slackLength: Double {
        tendonSlackLength + optimalFiberLength * cos(pennation)
    }

    var panelHeight: Double { cut.panelHeight }

    // Thelen (2003) constants.
    static let widthSquared = 0.45
    static let passiveStrainAtOne = 0.6
    static let passiveShape = 5.0
    static let passiveScale = 1 / (exp(5.0) - 1)

    /// Half-width of the smoothed passive onset, in normalised fibre length.
    public static let passiveOnsetHalfWidth = 0.02

    /// Thelen's passive curve h(d), d = l − 1, with h(0) = 0, and its antiderivative H with H(0) = 0.
    static func thelenPassive(_ d: Double) -> (value: Double, slope: Double, integral: Double) {
        let k = passiveShape / passiveStrainAtOne
        let e = exp(k * d)
        return ((e - 1) * passiveScale, k * e * passiveScale, ((e - 1) / k - d) * passiveScale)
    }

    /// The cubic c2 u² + c3 u³ (u = d + w) on [−w, w] that leaves zero with zero slope
    /// and meets Thelen's curve and slope at d = w; its integral over [−w, w].
    static let passiveOnset: (c2: Double, c3: Double, integral: Double) = {
        let w = passiveOnsetHalfWidth, u = 2 * w
        let end = thelenPassive(w)
        let c3 = (end.slope * u - 2 * end.value) / (u * u * u)
        let c2 = (end.value - c3 * u * u * u) / (u * u)
        return (c2, c3, c2 * u * u * u / 3 + c3 * u * u * u * u / 4)
    }()

    /// Normalised passive force f_PE, its slope and its integral from the onset, at d = l − 1.
    static func passive(_ d: Double) -> (value: Double, slope: Double, integral: Double) {
        let w = passiveOnsetHalfWidth
        if d <= -w { return (0, 0, 0) }
        let c = passiveOnset
        if d < w {
            let u = d + w
            return (c.c2 * u * u + c.c3 * u * u * u, 2 * c.c2 * u + 3 * c.c3 * u * u, c.c2 * u * u * u / 3 + c.c3 * u * u * u * u / 4)
        }
        let h = thelenPassive(d), hw = thelenPassive(w)
        return (h.value, h.slope, c.integral + h.integral - hw.integral)
    }

    /// Fibre force (N), its derivative with fibre length (N/m), and the fibre
    /// potential (J) at fibre length `lf` (m).
    func fibre(_ lf: Double) -> (force: Double, slope: Double, potential: Double) {
        let lo = optimalFiberLength
        let l = lf / lo
        let dl = l - 1
        let fl = exp(-dl * dl / Self.widthSquared)
        let dfl = -2 * dl / Self.widthSquared * fl
        let intFl = 0.5 * (Double.pi * Self.widthSquared).squareRoot() * erf(dl / Self.widthSquared.squareRoot())
        let (fpe, dfpe, intFpe) = Self.passive(dl)
        let a = activation
        let fmax = maxIsometricForce
        return (fmax * (a * fl + fpe), fmax / lo * (a * dfl + dfpe), fmax * lo * (a * intFl + intFpe))
    }

    /// Tension along the tendon (N), its stiffness (N/m) and potential (J) for an
    /// along-tendon fibre length x ≥ cut-off.
    func hillBranch(_ x: Double) -> (tension: Double, stiffness: Double, potential: Double) {
        let h = panelHeight
        let lf = (x * x + h * h).squareRoot()
        let f = fibre(lf)
        let cosA = x / lf
        let dcos = h * h / (lf * lf * lf)
        return (f.force * cosA, f.slope * cosA * cosA + f.force * dcos, f.potential)
    }

    public func response(length: Double) -> (tension: Double, stiffness: Double) {
        let x = length - tendonSlackLength
        if x >= cut.x {
            let r = hillBranch(x)
            return (r.tension, r.stiffness)
        }
        if x <= 0 { return (0, 0) }
        return (cut.c2 * x * x + cut.c3 * x * x * x, 2 * cut.c2 * x + 3 * cut.c3 * x * x)
    }

    /// Potential (J), zero at and below L = l_ts: V(L) = ∫ T dL from l_ts.
    public func potential(length: Double) -> Double {
        let x = length - tendonSlackLength
        if x <= 0 { return 0 }
        if x < cut.x {
            return cut.c2 * x * x * x / 3 + cut.c3 * x * x * x * x / 4
        }
        return hillBranch(x).potential + cut.potentialOffset
    }
}

extension HillMuscle {
    /// F_max: 1 mN to 100 kN. The strongest human muscles reach a few kN (gluteus
    /// maximus, soleus ~ 3–4 kN); the shoulder's are 100–1,100 N.
    public static let maxIsometricForceRange = PhysicalRange(1e-3, 1e5, unit: "N")
    /// l_ts: 0 (no tendon) to the longest model length (`Model.lengthRange`). Unlike the
    /// other lengths it divides nothing (it only shortens the fibre), so any small value,
    /// a micrometre or a nanometre, is as good as 0.
    public static let tendonSlackLengthRange = PhysicalRange(0, Model.lengthRange.upper, unit: "m")
    /// The normalised fibre length l at the reference pose: at most 3. Past about
    /// 1.8 l_opt thick and thin filaments no longer overlap and the fibre tears; at l = 3
    /// Thelen's passive curve (fitted up to about 1.6) pulls 1e5 F_max, and past l ≈ 86
    /// it overflows a double. A fibre beyond 3 l_opt is a units slip (l_opt in mm) or a
    /// slack length far too short, not a muscle; 3 still lets a scenario halve a
    /// shoulder muscle's lengths (`rest_length_scale` 0.5 gives l ≈ 2).
    public static let referenceFiberLengthRange = PhysicalRange(0, 3, unit: "× optimal_fiber_length")

    /// The normalised fibre length l_f / l_opt at muscle-tendon length `length` (0 when
    /// the fibre is slack below the tendon's slack length).
    public func normalisedFiberLength(length: Double) -> Double {
        let x = max(0, length - tendonSlackLength)
        let h = panelHeight
        return (x * x + h * h).squareRoot() / optimalFiberLength
    }
}

extension HillMuscle: MuscleLaw {
    /// The Hill muscle's keys in model files (pennation in degrees there).
    public enum Key: String, CaseIterable, Sendable {
        case maxIsometricForce = "max_isometric_force"
        case optimalFiberLength = "optimal_fiber_length"
        case tendonSlackLength = "tendon_slack_length"
        case pennationDegrees = "pennation_deg"
        case activation
    }

    public static let name = "hill"
    public static let keys = Key.allCases.map(\.rawValue)

    public var fileValues: [(key: String, value: Double)] {
        [
            (Key.maxIsometricForce.rawValue, maxIsometricForce), (Key.optimalFiberLength.rawValue, optimalFiberLength),
            (Key.tendonSlackLength.rawValue, tendonSlackLength), (Key.pennationDegrees.rawValue, pennation * 180 / .pi),
            (Key.activation.rawValue, activation),
        ]
    }

    /// `max_isometric_force`, `optimal_fiber_length`, `tendon_slack_length`;
    /// `pennation_deg` (degrees) and `activation` default to 0.
    public static func read(_ entries: some LawFileEntries) throws -> HillMuscle {
        HillMuscle(
            maxIsometricForce: try entries.required(Key.maxIsometricForce.rawValue),
            optimalFiberLength: try entries.required(Key.optimalFiberLength.rawValue),
            tendonSlackLength: try entries.required(Key.tendonSlackLength.rawValue),
            pennation: try (entries.number(Key.pennationDegrees.rawValue) ?? 0) * .pi / 180,
            activation: try entries.number(Key.activation.rawValue) ?? 0)
    }

    /// The ranges of the parameters.
    public func validate(field: FieldPath) throws {
        try Self.check(maxIsometricForce, Self.maxIsometricForceRange, field, Key.maxIsometricForce.rawValue)
        try Self.check(optimalFiberLength, Model.lengthRange, field, Key.optimalFiberLength.rawValue)
        try Self.check(tendonSlackLength, Self.tendonSlackLengthRange, field, Key.tendonSlackLength.rawValue)
        if !(pennation >= 0 && pennation < 1.0) {
            throw EquilibriumError.invalidParameter(field: field.key(Key.pennationDegrees.rawValue), message: "must be in [0°, 57°)")
        }
        try Self.check(activation, MuscleParameter.activationRange, field, Key.activation.rawValue)
    }

    /// The ranges, then the fibre at the reference pose (`referenceFiberLengthRange`).
    public func validate(field: FieldPath, referenceLength: Double) throws {
        try validate(field: field)
        let l = normalisedFiberLength(length: referenceLength)
        if !Self.referenceFiberLengthRange.contains(l) {
            let key = Key.optimalFiberLength.rawValue
            throw EquilibriumError.invalidParameter(
                field: field.key(key),
                message: "the fibre at the reference pose is \(PhysicalRange.format(l)) × \(key); it must be at most "
                    + "\(PhysicalRange.format(Self.referenceFiberLengthRange.upper)) (lengthen the fibre or the tendon)")
        }
    }

    /// `rest_length_scale` scales the optimal fibre and tendon slack lengths,
    /// `stiffness_scale` the maximum isometric force; `activation` sets the activation.
    public func setting(_ parameter: MuscleParameter, _ value: Double, base: HillMuscle, field: FieldPath) throws -> HillMuscle {
        var result = self
        switch parameter {
        case .restLengthScale:
            result.optimalFiberLength = base.optimalFiberLength * value
            result.tendonSlackLength = base.tendonSlackLength * value
        case .stiffnessScale: result.maxIsometricForce = base.maxIsometricForce * value
        case .activation: result.activation = value
        }
        return result
    }

    public func sweepComplaint(_ parameter: MuscleParameter, values: [Double], muscle: String) -> String? {
        switch parameter {
        case .restLengthScale, .activation: return nil
        case .stiffnessScale:
            if values.contains(where: { !($0 > 0) }) {
                return "stiffness_scale must be positive for the hill muscle '\(muscle)' (it scales its maximum isometric force)"
            }
            return nil
        }
    }

    public func interpolated(to other: HillMuscle, _ t: Double) -> HillMuscle {
        func mix(_ a: Double, _ b: Double) -> Double { a + (b - a) * t }
        return HillMuscle(
            maxIsometricForce: mix(maxIsometricForce, other.maxIsometricForce),
            optimalFiberLength: mix(optimalFiberLength, other.optimalFiberLength),
            tendonSlackLength: mix(tendonSlackLength, other.tendonSlackLength),
            pennation: mix(pennation, other.pennation), activation: mix(activation, other.activation))
    }
}
