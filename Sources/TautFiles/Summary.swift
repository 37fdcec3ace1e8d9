import Foundation
import TautCore

extension SolveReport {
    /// A few plain sentences per case: how the scapula moved and which muscles the
    /// change overstretched (strain up by more than `threshold`), and by how much.
    public func summary(threshold: Double = 0.005) -> [String] {
        guard let base = cases.first else { return [] }
        var lines: [String] = []
        if !base.converged { return ["The baseline '\(base.name)' has no equilibrium: \(base.error ?? "")."] }
        for c in cases.dropFirst() {
            guard c.converged else {
                lines.append("\(c.name): no equilibrium — \(c.error ?? "failed").")
                continue
            }
            let d = c.deltaAngles
            var motions: [String] = []
            func turn(_ value: Double, _ positive: String, _ negative: String) {
                if abs(value) >= 0.05 { motions.append("\(value > 0 ? positive : negative) \(oneDecimal(abs(value)))°") }
            }
            turn(d.protraction, "protracts", "retracts")
            turn(d.lateralRotation, "rotates upward", "rotates downward")
            turn(d.posteriorTilt, "tilts posteriorly", "tilts anteriorly")
            let moved = c.deltaPositionMM
            var s = "\(c.name): the scapula "
            if moved.length >= 0.05 {
                motions.append("moves \(oneDecimal(moved.length)) mm, mostly \(direction(of: moved))")
            }
            s += motions.isEmpty ? "stays where it was." : motions.joined(separator: ", ") + "."
            // Overstretched: lengthened by more than `threshold` of the slack length.
            let stretched = c.muscles.filter { $0.deltaLengthM > threshold * $0.restLengthM }
                .sorted { $0.deltaLengthM / $0.restLengthM > $1.deltaLengthM / $1.restLengthM }
            if stretched.isEmpty {
                s += " No muscle is lengthened by more than \(oneDecimal(threshold * 100)) % of its slack length."
            } else {
                let items = stretched.prefix(4).map { m in
                    "\(m.name) (+\(oneDecimal(m.deltaLengthM * 1000)) mm, strain \(oneDecimal(m.strain * 100)) %, tension \(signedOneDecimal(m.deltaTensionN)) N\(m.state == .taut ? ", taut" : ""))"
                }
                s += " Lengthened: " + items.joined(separator: "; ") + "."
            }
            if !c.stable { s += " This equilibrium is UNSTABLE." }
            lines.append(s)
        }
        return lines
    }
}

/// The dominant anatomical direction of a displacement (thorax axes, right shoulder).
func direction(of v: Vector3) -> String {
    let names = [("anteriorly", "posteriorly"), ("superiorly", "inferiorly"), ("laterally", "medially")]
    let i = [abs(v.x), abs(v.y), abs(v.z)].enumerated().max { $0.1 < $1.1 }!.0
    return v[i] > 0 ? names[i].0 : names[i].1
}
