extension Constraint {
    /// Equation `k` (0 ..< equationCount) of this constraint at `pose`: its residual (m)
    /// with the analytic gradient and curvature (Hessian) with respect to the pose. For a
    /// compliant contact (no equation), `equation(0, …)` is its signed distance d (m).
    public func equation(_ k: Int, at pose: Pose) -> PoseDerivatives {
        let a = pose.rotation * bodyPoint
        let x = pose.position + a
        switch kind {
        case .point(let ground):
            var e = Vector3.zero
            e[k] = 1
            return PoseDerivatives(
                value: x[k] - ground[k], gradient: poseGradient(arm: a, pointGradient: e),
                hessian: PoseHessian(rr: poseCurvature(arm: a, pointGradient: e)))
        case .distance(let ground, let length):
            let d = x - ground
            let l = d.length
            let u = d / l
            let h = (Matrix3.identity - Matrix3.outer(u, u)) * (1 / l)
            return PoseDerivatives(
                value: l - length, gradient: poseGradient(arm: a, pointGradient: u),
                hessian: poseHessian(arm: a, pointGradient: u, pointHessian: h))
        case .ellipsoid(let center, let radii, _), .compliantEllipsoid(let center, let radii, _):
            // For a compliant contact, its gap d (no equation of the solver's).
            let s = Ellipsoid(center: center, radii: radii).radialDistance(x)
            return PoseDerivatives(
                value: s.value, gradient: poseGradient(arm: a, pointGradient: s.gradient),
                hessian: poseHessian(arm: a, pointGradient: s.gradient, pointHessian: s.hessian))
        }
    }

    /// All residuals (m) at `pose`.
    public func residuals(at pose: Pose) -> [Double] {
        (0..<equationCount).map { equation($0, at: pose).value }
    }
}

/// An axis-aligned ellipsoid in the thorax frame.
public struct Ellipsoid: Equatable, Sendable {
    /// Centre, m.
    public var center: Vector3
    /// Semi-axes along thorax X, Y, Z, m.
    public var radii: Vector3

    public init(center: Vector3, radii: Vector3) {
        self.center = center
        self.radii = radii
    }

    /// ρ(x) = |W (x − c)|, W = diag(1/radii): 1 on the surface.
    public func normalizedRadius(_ x: Vector3) -> Double {
        ((x - center) / radii).length
    }

    /// The point of the surface on the ray from the centre through `x`.
    public func surfacePoint(towards x: Vector3) -> Vector3 {
        center + (x - center) / normalizedRadius(x)
    }

    /// Signed distance (m) from the surface along the ray from the centre through x,
    /// positive outside: s = n − n/ρ with n = |x − c|. Returns s with its gradient and
    /// Hessian in x.
    public func radialDistance(_ x: Vector3) -> (value: Double, gradient: Vector3, hessian: Matrix3) {
        let d = x - center
        let n = d.length
        let u = d / n
        let w = Vector3.one / (radii * radii)
        let wd = w * d
        let rho = (d.dot(wd)).squareRoot()
        // ∇n, ∇²n
        let hn = (Matrix3.identity - Matrix3.outer(u, u)) * (1 / n)
        // ∇ρ, ∇²ρ
        let gr = wd / rho
        let hr = Matrix3(diagonal: w) * (1 / rho) - Matrix3.outer(wd, wd) * (1 / (rho * rho * rho))
        // f = n / ρ
        let f = n / rho
        let gf = u / rho - gr * (n / (rho * rho))
        let hf = hn * (1 / rho) - (Matrix3.outer(u, gr) + Matrix3.outer(gr, u)) * (1 / (rho * rho))
            + Matrix3.outer(gr, gr) * (2 * n / (rho * rho * rho)) - hr * (n / (rho * rho))
        return (n - f, u - gf, hn - hf)
    }
}
