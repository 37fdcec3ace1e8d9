import Foundation
import Testing
import TautCore

/// Checks of the rotation exponential and logarithm, and of the ISB Y-X-Z angles.
@Suite struct RotationTests {
    static func maxDifference(_ a: Matrix3, _ b: Matrix3) -> Double {
        var m = 0.0
        for i in 0..<3 { for j in 0..<3 { m = max(m, abs(a[i, j] - b[i, j])) } }
        return m
    }

    static func orthonormalityError(_ r: Matrix3) -> Double {
        maxDifference(r.transpose * r, .identity)
    }

    /// Rotation vectors of many sizes, from 0 to just below π.
    static func rotationVectors() -> [Vector3] {
        var rng = SplitMix64(seed: 2024)
        var out: [Vector3] = [.zero]
        let angles: [Double] = [1e-12, 1e-9, 3e-6, 9.9e-6, 5e-5, 9.99e-5, 1e-4, 1.01e-4, 1e-3, 0.1, 0.5, 1, 2, 3, 3.1,
                                Double.pi - 1e-3, Double.pi - 1.01e-4, Double.pi - 0.99e-4, Double.pi - 1e-5, Double.pi - 1e-7, Double.pi - 1e-9]
        for angle in angles {
            for _ in 0..<6 { out.append(rng.unitVector() * angle) }
        }
        for _ in 0..<50 { out.append(rng.unitVector() * rng.uniform(0, Double.pi)) }
        // Coordinate axes, where the near-π axis recovery has ties and zeros.
        for axis in [Vector3(1, 0, 0), Vector3(0, 1, 0), Vector3(0, 0, 1), Vector3(-1, 0, 0), Vector3(0, -1, 0), Vector3(0, 0, -1)] {
            for angle in [1e-7, 1.0, Double.pi - 1e-6] { out.append(axis * angle) }
        }
        return out
    }

    @Test func expIsOrthonormalWithUnitDeterminant() {
        var vectors = Self.rotationVectors()
        var rng = SplitMix64(seed: 5)
        for _ in 0..<30 { vectors.append(rng.unitVector() * rng.uniform(0, 20)) }  // beyond π too
        for v in vectors {
            let r = Rotation.exp(v)
            #expect(Self.orthonormalityError(r) <= 1e-14, "v = \(v)")
            #expect(abs(r.determinant - 1) <= 1e-14, "v = \(v)")
            // The axis is fixed, and the angle is |v| (mod 2π): trace = 1 + 2 cos|v|.
            #expect((r * v - v).length <= 1e-14 * max(1, v.length))
            #expect(abs(r.trace - (1 + 2 * cos(v.length))) <= 1e-14)
        }
    }

    /// exp agrees with Rodrigues' formula evaluated directly, and with the elementary
    /// rotations about the coordinate axes (right-handed, counter-clockwise).
    @Test func expMatchesRodriguesAndElementaryRotations() {
        var rng = SplitMix64(seed: 6)
        for _ in 0..<30 {
            let axis = rng.unitVector(), angle = rng.uniform(-4, 4)
            let k = Matrix3.skew(axis)
            let rodrigues = Matrix3.identity + k * sin(angle) + (k * k) * (1 - cos(angle))
            #expect(Self.maxDifference(Rotation.exp(axis * angle), rodrigues) <= 1e-14)
            #expect(Self.maxDifference(Rotation.about(axis * 3, angle: angle), rodrigues) <= 1e-14)
            #expect(Self.maxDifference(Rotation.exp(Vector3(angle, 0, 0)), Rotation.x(angle)) <= 1e-15)
            #expect(Self.maxDifference(Rotation.exp(Vector3(0, angle, 0)), Rotation.y(angle)) <= 1e-15)
            #expect(Self.maxDifference(Rotation.exp(Vector3(0, 0, angle)), Rotation.z(angle)) <= 1e-15)
        }
        // A quarter turn about Z takes X to Y.
        #expect((Rotation.z(Double.pi / 2) * Vector3(1, 0, 0) - Vector3(0, 1, 0)).length <= 1e-15)
        #expect((Rotation.x(Double.pi / 2) * Vector3(0, 1, 0) - Vector3(0, 0, 1)).length <= 1e-15)
        #expect((Rotation.y(Double.pi / 2) * Vector3(0, 0, 1) - Vector3(1, 0, 0)).length <= 1e-15)
        // Small angles: exp(v) ≈ I + [v]× to second order.
        let small = Vector3(1e-6, -2e-6, 3e-7)
        #expect(Self.maxDifference(Rotation.exp(small), Matrix3.identity + Matrix3.skew(small)) <= 1e-11)
    }

    /// log(exp(v)) = v for |v| < π, to a relative accuracy that holds for tiny angles
    /// (< 1e-5) and angles within 1e-9 of π alike.
    @Test func logInvertsExp() {
        for v in Self.rotationVectors() {
            let w = Rotation.log(Rotation.exp(v))
            let angle = v.length
            // Near π the angle is recovered from 2 sin θ ≈ 2 (π − θ) with absolute error ~ε
            // (observed 1.6e-12); elsewhere the relative error is a few ε.
            let tolerance = angle > 3 ? 1e-11 : 1e-14 * angle
            #expect((w - v).length <= tolerance, "v = \(v) (|v| = \(angle)): log gave \(w)")
            #expect(w.length <= Double.pi + 1e-15)
        }
        #expect(Rotation.log(.identity) == .zero)
    }

    /// exp(log(R)) = R for any rotation, including half turns, where ±v are both valid.
    @Test func expInvertsLog() {
        var rng = SplitMix64(seed: 8)
        var rotations: [Matrix3] = Self.rotationVectors().map { Rotation.exp($0) }
        for _ in 0..<20 { rotations.append(Rotation.exp(rng.unitVector() * rng.uniform(0, 30))) }
        for _ in 0..<20 { rotations.append(Rotation.exp(rng.unitVector() * Double.pi)) }
        rotations += [Rotation.x(Double.pi), Rotation.y(Double.pi), Rotation.z(Double.pi), Rotation.x(Double.pi) * Rotation.y(Double.pi / 2)]
        for r in rotations {
            let v = Rotation.log(r)
            #expect(v.length <= Double.pi + 1e-12)
            #expect(Self.maxDifference(Rotation.exp(v), r) <= 1e-12, "R = \(r), log = \(v)")
        }
    }

    /// A rotation vector beyond π comes back as the equivalent one within [0, π].
    @Test func logWrapsLargeAngles() {
        let axis = Vector3(1, 2, -2) / 3
        for angle in [3.5, 4.0, 6.0] {
            let v = Rotation.log(Rotation.exp(axis * angle))
            #expect((v - axis * (angle - 2 * Double.pi)).length <= 1e-12, "angle \(angle): \(v)")
        }
    }

    /// `Pose.difference` inverts `Pose.displaced`.
    @Test func poseDifferenceInvertsDisplaced() {
        var rng = SplitMix64(seed: 9)
        for _ in 0..<20 {
            let pose = Pose(position: rng.unitVector() * 0.1, rotation: Rotation.exp(rng.unitVector() * rng.uniform(0, 3)))
            let dp = rng.unitVector() * 0.05, dtheta = rng.unitVector() * rng.uniform(0, 0.6)
            let moved = pose.displaced(translation: dp, rotation: dtheta)
            let d = pose.difference(to: moved)
            #expect((d.translation - dp).length <= 1e-15)
            #expect((d.rotation - dtheta).length <= 1e-13)
            // Left rotation: about the thorax axes, so exp(dθ) R.
            #expect(Self.maxDifference(moved.rotation, Rotation.exp(dtheta) * pose.rotation) <= 1e-15)
        }
    }

    // MARK: ISB angles

    @Test func isbDefinition() {
        var rng = SplitMix64(seed: 10)
        let d = Double.pi / 180
        for _ in 0..<50 {
            let a = ISBAngles(protraction: rng.uniform(-180, 180), lateralRotation: rng.uniform(-89, 89), posteriorTilt: rng.uniform(-180, 180))
            let expected = Rotation.y(a.protraction * d) * Rotation.x(-a.lateralRotation * d) * Rotation.z(a.posteriorTilt * d)
            #expect(Self.maxDifference(a.rotation, expected) <= 1e-15)
            // Same thing as rotations about the axes, through exp.
            let viaExp = Rotation.exp(Vector3(0, a.protraction * d, 0)) * Rotation.exp(Vector3(-a.lateralRotation * d, 0, 0)) * Rotation.exp(Vector3(0, 0, a.posteriorTilt * d))
            #expect(Self.maxDifference(a.rotation, viaExp) <= 1e-14)
            #expect(Self.orthonormalityError(a.rotation) <= 1e-14)
            #expect(abs(a.rotation.determinant - 1) <= 1e-14)
        }
    }

    static func angleDifference(_ a: Double, _ b: Double) -> Double {
        var d = (a - b).truncatingRemainder(dividingBy: 360)
        if d > 180 { d -= 360 }
        if d < -180 { d += 360 }
        return abs(d)
    }

    /// angles → rotation → angles, for the middle angle in (−89°, 89°).
    @Test func isbAnglesRoundTrip() {
        var rng = SplitMix64(seed: 11)
        var cases = (0..<200).map { _ in
            ISBAngles(protraction: rng.uniform(-179.9, 179.9), lateralRotation: rng.uniform(-89, 89), posteriorTilt: rng.uniform(-179.9, 179.9))
        }
        cases += [
            ISBAngles(protraction: 0, lateralRotation: 0, posteriorTilt: 0),
            ISBAngles(protraction: 36, lateralRotation: 4, posteriorTilt: -2),
            ISBAngles(protraction: -30, lateralRotation: -88.9, posteriorTilt: 170),
            ISBAngles(protraction: 120, lateralRotation: 88.9, posteriorTilt: -150),
        ]
        for a in cases {
            let b = ISBAngles(a.rotation)
            #expect(abs(b.protraction - a.protraction) <= 1e-10, "\(a) → \(b)")
            #expect(abs(b.lateralRotation - a.lateralRotation) <= 1e-10, "\(a) → \(b)")
            #expect(abs(b.posteriorTilt - a.posteriorTilt) <= 1e-10, "\(a) → \(b)")
        }
    }

    /// rotation → angles → rotation, for rotations whose middle angle is within (−89°, 89°).
    @Test func rotationRoundTripThroughISB() {
        var rng = SplitMix64(seed: 12)
        var checked = 0
        while checked < 200 {
            let r = Rotation.exp(rng.unitVector() * rng.uniform(0, Double.pi))
            guard abs(r[1, 2]) < sin(89 * Double.pi / 180) else { continue }
            let a = ISBAngles(r)
            #expect(abs(a.lateralRotation) < 89 + 1e-9)
            #expect(abs(a.protraction) <= 180 && abs(a.posteriorTilt) <= 180)
            #expect(Self.maxDifference(a.rotation, r) <= 1e-13, "R → \(a)")
            checked += 1
        }
    }

    /// Known cases: the sense of each angle.
    @Test func isbKnownCases() {
        let x = Vector3(1, 0, 0), y = Vector3(0, 1, 0), z = Vector3(0, 0, 1)
        // Protraction 90°: scapula +Z (towards the acromion) points anterior (thorax +X).
        #expect((ISBAngles(protraction: 90, lateralRotation: 0, posteriorTilt: 0).rotation * z - x).length <= 1e-15)
        // Lateral (upward) rotation 90°: scapula +Z points up (thorax +Y).
        #expect((ISBAngles(protraction: 0, lateralRotation: 90, posteriorTilt: 0).rotation * z - y).length <= 1e-15)
        // Posterior tilt 90°: scapula +Y (up) points backwards (thorax −X).
        #expect((ISBAngles(protraction: 0, lateralRotation: 0, posteriorTilt: 90).rotation * y + x).length <= 1e-15)
        // Order: Y first (outermost), then X, then Z. With protraction 90° and posterior
        // tilt 90°, scapula +Y goes first to −X (tilt), then to +Z (protraction about Y).
        let r = ISBAngles(protraction: 90, lateralRotation: 0, posteriorTilt: 90).rotation
        #expect((r * y - z).length <= 1e-15)
        // A small upward rotation raises the acromion side: (scapula +Z).y > 0.
        #expect((ISBAngles(protraction: 30, lateralRotation: 5, posteriorTilt: 0).rotation * z).y > 0)
        // Identity.
        let zero = ISBAngles(Matrix3.identity)
        #expect(zero.protraction == 0 && zero.lateralRotation == 0 && zero.posteriorTilt == 0)
        // Reading back a single angle puts it in the right slot.
        let single = ISBAngles(Rotation.x(-0.2))
        #expect(abs(single.lateralRotation - 0.2 * 180 / Double.pi) <= 1e-12 && abs(single.protraction) <= 1e-12 && abs(single.posteriorTilt) <= 1e-12)
    }
}
