import Foundation

/// Why a solve produced no equilibrium. Never a NaN: every failure is one of these.
public enum EquilibriumError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing resists a motion of the scapula: the model has no (unique) equilibrium.
    case underConstrained(FreeDirection)
    /// The constraint equations are dependent: these constraints fix the same motion twice.
    case singularSystem(constraints: [String])
    /// Newton did not reach the tolerances; the residuals at the last iterate.
    case noConvergence(iterations: Int, forceResidual: Double, momentResidual: Double, constraintViolation: Double, reason: String)
    /// A model parameter is invalid (`field` names it, e.g. `muscles[2] (rhomboids).stiffness`).
    case invalidParameter(field: FieldPath, message: String)

    public var description: String {
        switch self {
        case .underConstrained(let d):
            return "under-constrained model: nothing resists \(d)"
        case .singularSystem(let names):
            return "singular system: the constraints \(names.joined(separator: ", ")) restrain the same motion (remove one)"
        case .noConvergence(let it, let f, let m, let c, let reason):
            return "no convergence after \(it) iterations (\(reason)): force residual \(sci(f)) N, moment residual \(sci(m)) N·m, constraint violation \(sci(c)) m"
        case .invalidParameter(let field, let message):
            return "invalid parameter \(field): \(message)"
        }
    }
}

/// A direction of scapular motion: a translation (m) and a rotation vector (rad)
/// about the scapula origin, both in thorax axes, of unit size in the solver's
/// scaled coordinates.
public struct FreeDirection: Equatable, Sendable, CustomStringConvertible {
    public var translation: Vector3
    public var rotation: Vector3

    public init(translation: Vector3, rotation: Vector3) {
        self.translation = translation
        self.rotation = rotation
    }

    public var description: String {
        func v(_ x: Vector3) -> String {
            let n = x / x.length
            return "(\(fixed(n.x)), \(fixed(n.y)), \(fixed(n.z)))"
        }
        let t = translation.length, r = rotation.length
        var parts: [String] = []
        if t > 1e-9 { parts.append("translation along \(v(translation)) (thorax axes)") }
        if r > 1e-9 { parts.append("rotation about \(v(rotation)) through the scapula origin") }
        return parts.isEmpty ? "any motion" : parts.joined(separator: " combined with ")
    }
}

/// `%.3g`; a residual that overflowed (or is not a number) reads "overflow", never inf or nan.
func sci(_ x: Double) -> String {
    x.isFinite ? String(format: "%.3g", locale: nil, x) : "overflow"
}

func fixed(_ x: Double) -> String {
    x.isFinite ? String(format: "%.3f", locale: nil, x) : "overflow"
}
