/// A gradient with respect to the 6 pose coordinates q = (dp, dθ): a translation dp
/// (m) and a rotation vector dθ (rad) about the scapula origin, both in thorax axes
/// (see `Pose.displaced`). For an energy, `translational` is a force-like term (N) and
/// `rotational` a moment about the scapula origin (N·m).
public struct PoseGradient: Equatable, Sendable {
    public var translational: Vector3
    public var rotational: Vector3

    public init(translational: Vector3 = .zero, rotational: Vector3 = .zero) {
        self.translational = translational
        self.rotational = rotational
    }

    public static let zero = PoseGradient()

    /// Component `i` (0–2 translation, 3–5 rotation).
    public subscript(i: Int) -> Double {
        i < 3 ? translational[i] : rotational[i - 3]
    }

    @inline(__always) public static func + (a: PoseGradient, b: PoseGradient) -> PoseGradient {
        PoseGradient(translational: a.translational + b.translational, rotational: a.rotational + b.rotational)
    }

    @inline(__always) public static func * (a: PoseGradient, s: Double) -> PoseGradient {
        PoseGradient(translational: a.translational * s, rotational: a.rotational * s)
    }

    @inline(__always) public static func += (a: inout PoseGradient, b: PoseGradient) { a = a + b }

    @inline(__always) public func dot(_ other: PoseGradient) -> Double {
        translational.dot(other.translational) + rotational.dot(other.rotational)
    }
}

/// A symmetric 6×6 second derivative with respect to q = (dp, dθ), in 3×3 blocks:
/// `pp` = ∂²/∂p², `pr` = ∂²/∂p∂θ (rows p, columns θ), `rr` = ∂²/∂θ².
public struct PoseHessian: Equatable, Sendable {
    public var pp: Matrix3
    public var pr: Matrix3
    public var rr: Matrix3

    public init(pp: Matrix3 = .zero, pr: Matrix3 = .zero, rr: Matrix3 = .zero) {
        self.pp = pp
        self.pr = pr
        self.rr = rr
    }

    public static let zero = PoseHessian()

    /// Element (i, j), 0–2 translation, 3–5 rotation.
    public subscript(i: Int, j: Int) -> Double {
        switch (i < 3, j < 3) {
        case (true, true): return pp[i, j]
        case (true, false): return pr[i, j - 3]
        case (false, true): return pr[j, i - 3]
        case (false, false): return rr[i - 3, j - 3]
        }
    }

    @inline(__always) public static func + (a: PoseHessian, b: PoseHessian) -> PoseHessian {
        PoseHessian(pp: a.pp + b.pp, pr: a.pr + b.pr, rr: a.rr + b.rr)
    }

    @inline(__always) public static func * (a: PoseHessian, s: Double) -> PoseHessian {
        PoseHessian(pp: a.pp * s, pr: a.pr * s, rr: a.rr * s)
    }

    @inline(__always) public static func += (a: inout PoseHessian, b: PoseHessian) { a = a + b }

    /// The outer product g gᵀ of a gradient.
    @inline(__always) public static func outer(_ g: PoseGradient) -> PoseHessian {
        PoseHessian(
            pp: .outer(g.translational, g.translational),
            pr: .outer(g.translational, g.rotational),
            rr: .outer(g.rotational, g.rotational))
    }
}

/// Value, gradient and Hessian of a scalar function of the pose.
public struct PoseDerivatives: Equatable, Sendable {
    public var value: Double
    public var gradient: PoseGradient
    public var hessian: PoseHessian

    public init(value: Double, gradient: PoseGradient, hessian: PoseHessian) {
        self.value = value
        self.gradient = gradient
        self.hessian = hessian
    }
}

/// The chain rule from a function f(x) of a scapula point's thorax-frame position
/// x = p + a to the pose coordinates, with a = R r the point's arm from the scapula
/// origin. With x(dp, dθ) = p + dp + exp(dθ) a:
/// ∂x/∂p = I, ∂x/∂θ = −[a]×, and ∂²(g·x)/∂θ² = ½ (g aᵀ + a gᵀ) − (g·a) I.
@inline(__always) func poseGradient(arm a: Vector3, pointGradient g: Vector3) -> PoseGradient {
    PoseGradient(translational: g, rotational: a.cross(g))
}

@inline(__always) func poseHessian(arm a: Vector3, pointGradient g: Vector3, pointHessian h: Matrix3) -> PoseHessian {
    let ax = Matrix3.skew(a)
    let pr = h * ax * -1
    let curvature = (Matrix3.outer(g, a) + Matrix3.outer(a, g)) * 0.5 - Matrix3.identity * g.dot(a)
    return PoseHessian(pp: h, pr: pr, rr: (ax * h * ax) * -1 + curvature)
}

/// Second-order term alone, for functions linear in x (gravity, loads, point constraints).
@inline(__always) func poseCurvature(arm a: Vector3, pointGradient g: Vector3) -> Matrix3 {
    (Matrix3.outer(g, a) + Matrix3.outer(a, g)) * 0.5 - Matrix3.identity * g.dot(a)
}
