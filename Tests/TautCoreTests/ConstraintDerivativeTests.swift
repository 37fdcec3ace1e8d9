import Foundation
import Testing
import TautCore

/// Finite-difference and geometric checks of `Constraint.equation(_:at:)`.
@Suite struct ConstraintDerivativeTests {
    typealias FD = DerivativeCheck

    /// `hessianStep`: the point constraint is linear in the point's position, so its
    /// second differences lose more to rounding than to truncation; it uses 1e-3.
    static func check(_ c: Constraint, _ k: Int, at pose: Pose, hessianStep: Double = 1e-4, value f: (Pose) -> Double, sourceLocation: SourceLocation = #_sourceLocation) {
        let d = c.equation(k, at: pose)
        let v = f(pose)
        // Residuals are small near the constraint manifold: compare the value absolutely.
        #expect(abs(d.value - v) <= 1e-14, "value \(d.value) vs \(v)", sourceLocation: sourceLocation)
        let g = FD.relativeError(FD.array(d.gradient), FD.gradient(of: f, at: pose))
        let h = FD.relativeError(FD.array(d.hessian), FD.hessian(of: f, at: pose, step: hessianStep))
        #expect(g <= FD.gradientTolerance, "\(c.name)[\(k)] gradient error \(g)", sourceLocation: sourceLocation)
        #expect(h <= FD.hessianTolerance, "\(c.name)[\(k)] Hessian error \(h)", sourceLocation: sourceLocation)
        #expect(c.residuals(at: pose)[k] == d.value, sourceLocation: sourceLocation)
    }

    @Test func pointConstraint() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<8 {
            let pose = FD.randomPose(near: FD.reference, using: &rng)
            let body = FD.randomPoint(using: &rng, radius: 0.12)
            let ground = FD.reference.transform(body) + FD.randomPoint(using: &rng, radius: 0.02)
            let c = Constraint(name: "pin", bodyPoint: body, kind: .point(groundPoint: ground))
            #expect(c.equationCount == 3)
            #expect(c.residuals(at: pose).count == 3)
            for k in 0..<3 {
                Self.check(c, k, at: pose, hessianStep: 1e-3) { p in p.transform(body)[k] - ground[k] }
            }
        }
    }

    @Test func distanceConstraint() {
        var rng = SplitMix64(seed: 12)
        for _ in 0..<8 {
            let pose = FD.randomPose(near: FD.reference, using: &rng)
            let body = FD.randomPoint(using: &rng, radius: 0.08)
            let ground = Vector3(0.006, 0.007, 0.025) + FD.randomPoint(using: &rng, radius: 0.03)
            let length = (FD.reference.transform(body) - ground).length
            #expect(length > 0.03)
            let c = Constraint(name: "strut", bodyPoint: body, kind: .distance(groundPoint: ground, length: length))
            #expect(c.equationCount == 1)
            Self.check(c, 0, at: pose) { p in (p.transform(body) - ground).length - length }
        }
    }

    /// Signed distance along the ray from the centre, written independently:
    /// n − n/ρ with n = |x − c| and ρ = |(x − c)/radii|.
    static func rayDistance(_ x: Vector3, center: Vector3, radii: Vector3) -> Double {
        let d = x - center
        let n = (d.x * d.x + d.y * d.y + d.z * d.z).squareRoot()
        let e = Vector3(d.x / radii.x, d.y / radii.y, d.z / radii.z)
        let rho = (e.x * e.x + e.y * e.y + e.z * e.z).squareRoot()
        return n - n / rho
    }

    @Test(arguments: [false, true])
    func ellipsoidConstraint(unilateral: Bool) {
        var rng = SplitMix64(seed: unilateral ? 13 : 14)
        for _ in 0..<10 {
            let pose = FD.randomPose(near: FD.reference, using: &rng)
            let body = FD.randomPoint(using: &rng, radius: 0.14)
            let center = Vector3(-0.03, -0.02, 0.07) + FD.randomPoint(using: &rng, radius: 0.02)
            // Radii with the point within ~15 % of the surface, on either side.
            let base = Vector3(rng.uniform(0.06, 0.12), rng.uniform(0.1, 0.25), rng.uniform(0.06, 0.12))
            let x = pose.transform(body)
            let radii = base * ((x - center) / base).length * rng.uniform(0.85, 1.15)
            let c = Constraint(name: "glide", bodyPoint: body, kind: .ellipsoid(center: center, radii: radii, unilateral: unilateral))
            #expect(c.equationCount == 1)
            #expect(c.isUnilateral == unilateral)
            Self.check(c, 0, at: pose) { p in Self.rayDistance(p.transform(body), center: center, radii: radii) }

            // Value = |x − c| − |surface − c| along the ray through x.
            let ellipsoid = Ellipsoid(center: center, radii: radii)
            let surface = ellipsoid.surfacePoint(towards: x)
            let value = c.equation(0, at: pose).value
            #expect(abs(value - ((x - center).length - (surface - center).length)) <= 1e-14)
            // The surface point lies on the ellipsoid, on the ray from the centre through x.
            #expect(abs(((surface - center) / radii).length - 1) <= 1e-14)
            #expect(((surface - center).cross(x - center)).length <= 1e-14)
            #expect((surface - center).dot(x - center) > 0)
            // Positive outside, negative inside.
            #expect((value > 0) == (((x - center) / radii).length > 1))
        }
    }

    /// Zero on the surface, and exactly the radial offset off it, for bilateral and
    /// unilateral contacts alike.
    @Test func ellipsoidSignAndZeroOnSurface() {
        var rng = SplitMix64(seed: 15)
        let center = Vector3(-0.03, -0.02, 0.07)
        let radii = Vector3(0.09, 0.2, 0.085)
        for _ in 0..<10 {
            let body = FD.randomPoint(using: &rng, radius: 0.12)
            let rotation = FD.randomPose(near: FD.reference, using: &rng).rotation
            let direction = rng.unitVector()
            let onSurface = center + direction / (direction / radii).length
            let radial = (onSurface - center).length
            for scale in [1.0, 1.1, 0.9, 1.3, 0.5] {
                let target = center + (onSurface - center) * scale
                // Place the scapula so that the body point sits at `target`.
                let pose = Pose(position: target - rotation * body, rotation: rotation)
                for unilateral in [false, true] {
                    let c = Constraint(name: "e", bodyPoint: body, kind: .ellipsoid(center: center, radii: radii, unilateral: unilateral))
                    let v = c.equation(0, at: pose).value
                    #expect(abs(v - (scale - 1) * radial) <= 1e-15, "scale \(scale): \(v) vs \((scale - 1) * radial)")
                    if scale > 1 { #expect(v > 0) }
                    if scale < 1 { #expect(v < 0) }
                }
            }
        }
    }

    /// The girdle fixture's constraints (a clavicle strut and two gliding contacts) at
    /// random poses around its reference pose.
    @Test(arguments: [false, true])
    func girdleConstraints(unilateral: Bool) {
        let model = Fixtures.girdle(unilateral: unilateral)
        var rng = SplitMix64(seed: 16)
        for c in model.constraints {
            #expect(c.residuals(at: model.scapula.referencePose).allSatisfy { abs($0) < 1e-12 })
        }
        for _ in 0..<6 {
            let pose = FD.randomPose(near: model.scapula.referencePose, using: &rng)
            for c in model.constraints {
                for k in 0..<c.equationCount {
                    let d = c.equation(k, at: pose)
                    let f = { (p: Pose) in c.equation(k, at: p).value }
                    let e = FD.errors(of: d, for: f, at: pose)
                    #expect(e.gradient <= FD.gradientTolerance, "\(c.name) gradient error \(e.gradient)")
                    #expect(e.hessian <= FD.hessianTolerance, "\(c.name) Hessian error \(e.hessian)")
                }
            }
        }
    }
}
