import Foundation

/// "Nice" axis ticks: steps of 1, 2 or 5 times a power of ten.
public enum Ticks {
    /// The nice step giving about `count` intervals over `span`.
    public static func step(span: Double, count: Int = 5) -> Double {
        step(rawStep: span / Double(max(1, count)))
    }

    /// The nice step giving about `count` intervals from `a` to `b` (a ≤ b), even where
    /// b − a overflows.
    static func step(from a: Double, to b: Double, count: Int = 5) -> Double {
        step(rawStep: b / Double(max(1, count)) - a / Double(max(1, count)))
    }

    private static func step(rawStep raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(raw)))
        let residual = raw / magnitude
        let nice: Double = residual < 1.5 ? 1 : residual < 3 ? 2 : residual < 7 ? 5 : 10
        return nice * magnitude
    }

    /// Tick values that are multiples of a nice step, inside [lo, hi].
    public static func values(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
        let (a, b) = lo <= hi ? (lo, hi) : (hi, lo)
        let s = step(from: a, to: b, count: count)
        var result: [Double] = []
        var k = (a / s - 1e-9).rounded(.up)
        while k * s <= b + s * 1e-9 && result.count < 1000 {
            let v = k * s
            result.append(abs(v) < s * 1e-9 ? 0 : v)
            k += 1
        }
        return result
    }

    /// [lo, hi] widened outwards to multiples of the nice step; a zero-width range is
    /// widened around its value first.
    public static func niceDomain(_ lo: Double, _ hi: Double, count: Int = 5) -> (lo: Double, hi: Double, step: Double) {
        var (a, b) = lo <= hi ? (lo, hi) : (hi, lo)
        if !(a.isFinite && b.isFinite) { (a, b) = (0, 1) }
        if b - a < 1e-12 * max(1, abs(a)) {
            let pad = a == 0 ? 1 : abs(a) * 0.1
            (a, b) = (a - pad, b + pad)
        }
        let s = step(from: a, to: b, count: count)
        let (lo, hi) = ((a / s).rounded(.down) * s, (b / s).rounded(.up) * s)
        // Near the largest doubles, rounding outwards overflows: keep the data's range.
        return lo.isFinite && hi.isFinite ? (lo, hi, s) : (a, b, s)
    }

    /// `value` written with as many decimals as `step` needs (ASCII minus sign); in
    /// exponent form (`1.5e+08`) when the step is 1e6 or more or below 1e-6 (or the value
    /// is 1e15 or more), so a label
    /// is never hundreds of digits long nor all zeros.
    public static func label(_ value: Double, step: Double) -> String {
        if abs(value) >= 1e15 || (step.isFinite && step > 0 && (step >= 1e6 || step < 1e-6)) {
            return abs(value) < step * 1e-9 ? "0" : String(format: "%.4g", locale: nil, value)
        }
        let decimals = step > 0 && step.isFinite ? max(0, min(6, Int((-log10(step) + 0.999_999).rounded(.down)))) : 2
        var s = String(format: "%.\(decimals)f", locale: nil, value)
        if Double(s) == 0 { s = String(format: "%.\(decimals)f", locale: nil, 0.0) }
        return s
    }
}
