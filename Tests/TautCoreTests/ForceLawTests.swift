import Foundation
import Testing
import TautCore

/// Checks of the force laws: tension = dV/dL, stiffness = dT/dL, continuity,
/// non-negativity, slack length and strain, and the Hill law against the Thelen
/// (2003) curves written out independently.
@Suite struct ForceLawTests {
    static let fmax = 400.0, lopt = 0.11, lts = 0.02

    struct HillCase: Sendable, CustomTestStringConvertible {
        var pennationDeg: Double
        var activation: Double
        var testDescription: String { "pennation \(pennationDeg)°, activation \(activation)" }
        var muscle: HillMuscle {
            HillMuscle(
                maxIsometricForce: ForceLawTests.fmax, optimalFiberLength: ForceLawTests.lopt,
                tendonSlackLength: ForceLawTests.lts, pennation: pennationDeg * Double.pi / 180, activation: activation)
        }
    }

    static let hillCases: [HillCase] = [0.0, 20.0, 45.0].flatMap { p in [0.0, 0.3, 1.0].map { HillCase(pennationDeg: p, activation: $0) } }

    /// Lengths where the Hill law changes branch: tendon slack (x = 0), the cut-off
    /// (x = 0.5 l_opt), and the ends of the smoothed passive onset (fibre length
    /// (1 ± w) l_opt), where the curvature of the tension jumps.
    static func kinks(_ h: HillMuscle) -> [Double] {
        [h.tendonSlackLength, h.tendonSlackLength + HillMuscle.cutoffRatio * h.optimalFiberLength, h.slackLength]
            + [-1.0, 1.0].map { lengthAt(h, fibre: 1 + $0 * HillMuscle.passiveOnsetHalfWidth) }
    }

    /// Path length (m) at normalised fibre length `l`.
    static func lengthAt(_ h: HillMuscle, fibre l: Double) -> Double {
        let lf = l * h.optimalFiberLength, panel = h.optimalFiberLength * sin(h.pennation)
        return h.tendonSlackLength + (lf * lf - panel * panel).squareRoot()
    }

    /// Largest difference of the smoothed passive onset from Thelen's curve, × F_max.
    static let onsetDeviation = 3e-4

    /// Lengths from below the tendon slack length to a normalised fibre length of ~1.8,
    /// covering x ≤ 0, the cut-off cubic, the ascending and descending limbs and the
    /// passive region, avoiding ±1e-4 m around the kinks.
    static func lengths(_ h: HillMuscle) -> [Double] {
        let k = kinks(h)
        return (0...400).map { h.tendonSlackLength - 0.01 + Double($0) / 400 * (1.8 * h.optimalFiberLength + 0.01) }
            .filter { l in k.allSatisfy { abs(l - $0) > 1e-4 } }
    }

    /// Central difference with step `h`.
    static func derivative(_ f: (Double) -> Double, at x: Double, step h: Double = 1e-6) -> Double {
        (f(x + h) - f(x - h)) / (2 * h)
    }

    /// Largest error (N, and N/m relative to F_max/l_opt) of T − dV/dL and K − dT/dL over `lengths`.
    static func consistencyErrors(_ law: ForceLaw, potentialOf other: ForceLaw? = nil, lengths: [Double]) -> (tension: Double, stiffness: Double) {
        var et = 0.0, ek = 0.0
        let potentialLaw = other ?? law
        for l in lengths {
            let r = law.response(length: l)
            et = max(et, abs(r.tension - derivative({ potentialLaw.potential(length: $0) }, at: l)))
            ek = max(ek, abs(r.stiffness - derivative({ law.response(length: $0).tension }, at: l)))
        }
        return (et, ek)
    }

    // Tolerances: T to 1e-7 F_max, K to 1e-6 F_max / l_opt (observed ≲1.3e-8 F_max and
    // 1e-7 F_max / l_opt, from the truncation error in the steep passive region).
    static let tensionTolerance = 1e-7 * fmax
    static let stiffnessTolerance = 1e-6 * fmax / lopt

    @Test(arguments: hillCases)
    func hillTensionIsPotentialSlopeAndStiffnessIsTensionSlope(_ c: HillCase) {
        let law = ForceLaw.hill(c.muscle)
        let lengths = Self.lengths(c.muscle)
        // Every region is sampled.
        let x = lengths.map { $0 - Self.lts }
        #expect(x.contains { $0 < 0 })
        #expect(x.contains { $0 > 0 && $0 < 0.5 * Self.lopt })
        #expect(x.contains { $0 > 0.5 * Self.lopt && $0 < 0.9 * Self.lopt })
        #expect(x.contains { $0 > 1.6 * Self.lopt })
        let e = Self.consistencyErrors(law, lengths: lengths)
        #expect(e.tension <= Self.tensionTolerance, "T − dV/dL up to \(e.tension) N")
        #expect(e.stiffness <= Self.stiffnessTolerance, "K − dT/dL up to \(e.stiffness) N/m")
        #expect(law.potential(length: Self.lts - 0.001) == 0)
        #expect(law.response(length: Self.lts - 0.001) == (0, 0))
    }

    /// The consistency check catches a 1 % error in activation.
    @Test func consistencyCheckIsSensitive() {
        var wrong = HillCase(pennationDeg: 20, activation: 0.3).muscle
        wrong.activation *= 1.01
        let law = ForceLaw.hill(HillCase(pennationDeg: 20, activation: 0.3).muscle)
        let e = Self.consistencyErrors(law, potentialOf: .hill(wrong), lengths: Self.lengths(wrong))
        #expect(e.tension > 100 * Self.tensionTolerance)
    }

    @Test(arguments: hillCases)
    func hillTensionIsNeverNegative(_ c: HillCase) {
        let law = ForceLaw.hill(c.muscle)
        for i in 0...4000 {
            let l = Self.lts - 0.01 + Double(i) / 4000 * 2.5 * Self.lopt
            let r = law.response(length: l)
            #expect(r.tension >= 0 && r.tension.isFinite && r.stiffness.isFinite, "T(\(l)) = \(r.tension)")
            #expect(law.potential(length: l) >= 0)
        }
    }

    /// Non-negative tension over the pennation range that model validation accepts, [0, 1 rad).
    @Test func hillTensionNonNegativeOverValidPennations() {
        for deg in stride(from: 0.0, to: 57.29, by: 1.0) {
            for a in stride(from: 0.0, through: 1.0, by: 0.1) {
                let h = HillMuscle(maxIsometricForce: Self.fmax, optimalFiberLength: Self.lopt, tendonSlackLength: Self.lts, pennation: deg * Double.pi / 180, activation: a)
                var lowest = Double.infinity
                for i in 0...1000 {
                    lowest = min(lowest, h.response(length: Self.lts + Double(i) / 1000 * 0.6 * Self.lopt).tension)
                }
                #expect(lowest >= 0, "pennation \(deg)°, activation \(a): T down to \(lowest)")
            }
        }
    }

    /// Tension and stiffness are continuous at the cut-off (left/right limits agree),
    /// tension is continuous at the slack length and at x = 0, and the potential is
    /// continuous (C¹) at all three.
    @Test(arguments: hillCases)
    func hillContinuity(_ c: HillCase) {
        let h = c.muscle
        let law = ForceLaw.hill(h)
        let xc = Self.lts + HillMuscle.cutoffRatio * Self.lopt
        for d in [1e-6, 1e-8, 1e-10] {
            for kink in Self.kinks(h) {
                let left = law.response(length: kink - d), right = law.response(length: kink + d)
                let scale = Self.fmax / Self.lopt
                // |T(L+d) − T(L−d)| ≤ 2 d · max stiffness nearby, plus rounding.
                #expect(abs(left.tension - right.tension) <= 2 * d * 20 * scale + 1e-9 * Self.fmax, "T jumps at \(kink)")
            }
            let left = law.response(length: xc - d), right = law.response(length: xc + d)
            #expect(abs(left.stiffness - right.stiffness) <= 1e-4 * Self.fmax / Self.lopt, "K jumps at the cut-off: \(left.stiffness) vs \(right.stiffness)")
        }
        // The potential is continuous with slope T at every kink, from both sides:
        // V(L ± δ) = V(L) ± δ T(L) + O(δ²), δ = 1e-8 m (O(δ²) ≲ 1e-11 J).
        for kink in Self.kinks(h) {
            let v = law.potential(length: kink), t = law.response(length: kink).tension
            for delta in [-1e-8, 1e-8] {
                let vd = law.potential(length: kink + delta)
                #expect(abs(vd - (v + delta * t)) <= 1e-12 * Self.fmax * Self.lopt, "V jumps at \(kink): \(vd) vs \(v + delta * t)")
            }
        }
        // Both branches leave the cut-off with its value and slope: T(x_c ± δ) = T(x_c) ± δ K(x_c) + O(δ²).
        let atCut = law.response(length: xc)
        for delta in [-1e-7, 1e-7] {
            let t = law.response(length: xc + delta).tension
            #expect(abs(t - (atCut.tension + delta * atCut.stiffness)) <= 1e-10 * Self.fmax, "T(x_c + \(delta)) = \(t)")
        }
        #expect(law.response(length: Self.lts).tension == 0)
        #expect(law.response(length: Self.lts + 1e-9).tension <= 1e-9 * Self.fmax)
    }

    /// The stiffness jump the test above tolerates is real only where the design allows
    /// it: with activation 0 the tension is zero below the slack length and rises with
    /// slope F_max/l_opt · 5/0.6/(e⁵ − 1) (pennation 0) just above it.
    @Test func hillPassiveOnsetAtSlackLength() {
        let h = HillCase(pennationDeg: 0, activation: 0).muscle
        let law = ForceLaw.hill(h)
        let w = HillMuscle.passiveOnsetHalfWidth
        let start = Self.lengthAt(h, fibre: 1 - w), end = Self.lengthAt(h, fibre: 1 + w)
        // Zero below the onset, rising from zero slope, meeting Thelen's slope at 1 + w.
        #expect(law.response(length: start - 1e-6).tension == 0)
        #expect(law.response(length: h.slackLength - 0.01).tension == 0)
        #expect(law.response(length: start + 1e-6).tension > 0)
        #expect(law.response(length: start + 1e-9).stiffness < 1e-3 * Self.fmax / Self.lopt)
        let thelenSlope = Self.fmax / Self.lopt * (5 / 0.6) * exp(5 * w / 0.6) / (exp(5.0) - 1)
        #expect(abs(law.response(length: end - 1e-12).stiffness - thelenSlope) <= 1e-6 * thelenSlope)
        #expect(abs(law.response(length: end + 1e-12).stiffness - thelenSlope) <= 1e-6 * thelenSlope)
        // Inside the onset it stays within onsetDeviation of Thelen's kinked curve.
        for i in 0...100 {
            let length = start + (end - start) * Double(i) / 100
            let t = law.response(length: length).tension
            #expect(t >= 0 && abs(t - Self.thelen(length: length, activation: 0)) <= Self.onsetDeviation * Self.fmax)
        }
    }

    /// Thelen (2003) curves, written independently. Pennation 0, x above the cut-off:
    /// T = F_max (a fL(l) + fPE(l)), l = x / l_opt.
    static func thelen(length: Double, activation a: Double) -> Double {
        let l = (length - lts) / lopt
        let fl = exp(-(l - 1) * (l - 1) / 0.45)
        let fpe = l > 1 ? (exp(5 * (l - 1) / 0.6) - 1) / (exp(5.0) - 1) : 0
        return fmax * (a * fl + fpe)
    }

    @Test(arguments: [0.0, 0.3, 1.0])
    func hillMatchesThelenCurves(activation a: Double) {
        let law = ForceLaw.hill(HillCase(pennationDeg: 0, activation: a).muscle)
        for i in 0...200 {
            let l = 0.5 + 1.3 * Double(i) / 200  // normalised fibre length above the cut-off
            let length = Self.lts + l * Self.lopt
            let t = law.response(length: length).tension
            let expected = Self.thelen(length: length, activation: a)
            // Exact outside the smoothed passive onset, within onsetDeviation inside it.
            let tolerance = abs(l - 1) < HillMuscle.passiveOnsetHalfWidth ? Self.onsetDeviation * Self.fmax : 1e-12 * max(Self.fmax, expected)
            #expect(abs(t - expected) <= tolerance, "l = \(l): \(t) vs \(expected)")
        }
        // Landmarks: at optimal length T = a F_max (plus the smoothed onset); passive force F_max at l = 1.6.
        #expect(abs(law.response(length: Self.lts + Self.lopt).tension - a * Self.fmax) <= Self.onsetDeviation * Self.fmax)
        let at16 = law.response(length: Self.lts + 1.6 * Self.lopt).tension
        #expect(abs(at16 - Self.fmax * (1 + a * exp(-0.36 / 0.45))) <= 1e-9 * Self.fmax)
    }

    /// With pennation α₀ at constant panel height h = l_opt sin α₀, the fibre is
    /// l_f = √(x² + h²) long and the tension along the tendon is the fibre force × x / l_f.
    @Test(arguments: [0.3, 1.0])
    func hillPennatedTensionIsProjectedFibreForce(activation a: Double) {
        let alpha = 20 * Double.pi / 180
        let law = ForceLaw.hill(HillCase(pennationDeg: 20, activation: a).muscle)
        let panel = Self.lopt * sin(alpha)
        for i in 0...100 {
            let x = Self.lopt * (0.5 + 1.2 * Double(i) / 100)
            let lf = (x * x + panel * panel).squareRoot()
            let fibre = Self.thelen(length: Self.lts + lf, activation: a)
            let expected = fibre * x / lf
            let t = law.response(length: Self.lts + x).tension
            let inOnset = abs(lf / Self.lopt - 1) < HillMuscle.passiveOnsetHalfWidth
            #expect(abs(t - expected) <= (inOnset ? Self.onsetDeviation * Self.fmax : 1e-12 * max(Self.fmax, expected)))
        }
        // At the slack length the fibre is at optimal length, at angle α₀.
        let atSlack = law.response(length: Self.lts + Self.lopt * cos(alpha)).tension
        #expect(abs(atSlack - a * Self.fmax * cos(alpha)) <= Self.onsetDeviation * Self.fmax)
    }

    @Test(arguments: hillCases)
    func hillSlackLengthAndStrain(_ c: HillCase) {
        let h = c.muscle
        let law = ForceLaw.hill(h)
        let slack = Self.lts + Self.lopt * cos(c.pennationDeg * Double.pi / 180)
        #expect(abs(h.slackLength - slack) <= 1e-15)
        #expect(abs(law.slackLength - slack) <= 1e-15)
        for l in [0.05, 0.1, slack, 0.2] {
            #expect(abs(law.strain(length: l) - (l / slack - 1)) <= 1e-15)
        }
        #expect(abs(law.strain(length: slack)) <= 1e-15)
        // Passive tension begins (smoothly) just below the slack length, at fibre length
        // (1 − w) l_opt: none below it without activation.
        var passive = h
        passive.activation = 0
        let onset = Self.lengthAt(h, fibre: 1 - HillMuscle.passiveOnsetHalfWidth)
        #expect(onset < slack)
        #expect(passive.response(length: onset - 1e-7).tension == 0)
        #expect(passive.response(length: slack).tension > 0)
    }

    // MARK: Linear spring

    static let springs: [LinearSpring] = [
        LinearSpring(stiffness: 1500, restLength: 0.11),
        LinearSpring(stiffness: 50, restLength: 0.3),
        LinearSpring(stiffness: 2e4, restLength: 0.02),
    ]

    @Test(arguments: springs)
    func springLaw(_ s: LinearSpring) {
        let law = ForceLaw.spring(s)
        let lengths = (0...200).map { s.restLength * (0.5 + Double($0) / 100) }.filter { abs($0 - s.restLength) > 1e-4 }
        let e = Self.consistencyErrors(law, lengths: lengths)
        let scale = s.stiffness * s.restLength
        #expect(e.tension <= 1e-7 * scale)
        #expect(e.stiffness <= 1e-6 * s.stiffness)
        for l in lengths {
            let r = law.response(length: l)
            let expected = s.stiffness * max(0, l - s.restLength)
            #expect(abs(r.tension - expected) <= 1e-12 * scale)
            #expect(r.stiffness == (l > s.restLength ? s.stiffness : 0))
            #expect(r.tension >= 0)
            #expect(abs(law.potential(length: l) - 0.5 * s.stiffness * max(0, l - s.restLength) * max(0, l - s.restLength)) <= 1e-12 * scale * s.restLength)
            #expect(abs(law.strain(length: l) - (l / s.restLength - 1)) <= 1e-15)
        }
        // Continuous at the slack point (left and right limits), zero below it.
        for d in [1e-6, 1e-9] {
            #expect(law.response(length: s.restLength - d).tension == 0)
            #expect(abs(law.response(length: s.restLength + d).tension) <= 1.01 * s.stiffness * d)
        }
        #expect(law.response(length: s.restLength).tension == 0)
        #expect(law.potential(length: s.restLength) == 0)
        #expect(law.slackLength == s.restLength)
    }
}

extension LinearSpring: CustomTestStringConvertible {
    public var testDescription: String { "k \(stiffness) N/m, L0 \(restLength) m" }
}
