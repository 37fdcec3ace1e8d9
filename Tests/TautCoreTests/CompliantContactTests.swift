import Testing
@testable import TautCore

/// Compliant contact (`stiffness` on an ellipsoid): a one-sided penalty ½ k p² on the
/// penetration p. Its derivatives against finite differences of an independent energy;
/// a pressed contact pushes k p along the outward normal; stiffer contacts converge to
/// the rigid unilateral answer at the rate 1/k; a contact the load pulls away carries
/// nothing and leaves the free equilibrium.
@Suite struct CompliantContactTests {
    typealias FD = DerivativeCheck

    @Test func penaltyDerivativesMatchFiniteDifferences() throws {
        let model = MechModels.contactRig(loadY: -40, unilateral: false, compliant: 5e3)
        let assembly = try EquilibriumSolver(model: model).assembly
        var rng = SplitMix64(seed: 11)
        let energy = { (p: Pose) in Mech.energy(model, at: p) }
        var pressed = 0
        for _ in 0..<12 {
            // Poses pressed 0–5 mm into the surface (and some outside it).
            var pose = FD.randomPose(near: model.scapula.referencePose, using: &rng, reach: 0.003, maxAngle: 0.05)
            pose.position.y -= 0.002
            let c = model.constraints[0]
            let d = Mech.radialDistance(center: .zero, radii: Vector3(0.1, 0.2, 0.12), pose.transform(c.bodyPoint))
            // Second differences (step 1e-4) must not straddle the kink at d = 0.
            if abs(d) < 1e-3 { continue }
            if d < 0 { pressed += 1 }
            let u = energy(pose)
            #expect(abs(assembly.energy(at: pose) - u) <= 1e-12 * max(1, abs(u)))
            let (g, h, _) = assembly.potentialDerivatives(at: pose)
            #expect(FD.relativeError(FD.array(g), FD.gradient(of: energy, at: pose)) <= FD.gradientTolerance)
            #expect(FD.relativeError(FD.array(h), FD.hessian(of: energy, at: pose)) <= 10 * FD.hessianTolerance)
        }
        #expect(pressed >= 4, "the check must see the penalty active")
    }

    @Test(arguments: [-5.0, -20.0, -80.0])
    func pressedContactPushesKTimesThePenetrationAndStiffensToTheRigidAnswer(loadY: Double) throws {
        let rigidModel = MechModels.contactRig(loadY: loadY, unilateral: true)
        let rigid = try EquilibriumSolver(model: rigidModel).solve()
        var previous: Double?
        for k in [1e4, 1e5, 1e6] {
            let model = MechModels.contactRig(loadY: loadY, unilateral: false, compliant: k)
            let e = try EquilibriumSolver(model: model).solve()
            Mech.expectSound(e, model)
            let contact = e.constraints[0]
            #expect(contact.active && !contact.pulls)
            // Pressed in by about the push over k (the gap is the rigid contact's radial distance).
            let n = Mech.outwardNormal(center: .zero, radii: Vector3(0.1, 0.2, 0.12), at: e.pose.transform(.zero))
            #expect(contact.force.dot(n) >= contact.force.length * (1 - 1e-4), "push along the outward normal")
            // The difference to the rigid contact shrinks as 1/k.
            let gap = (contact.force - rigid.constraints[0].force).length
            if let previous { #expect(gap < 0.2 * previous && gap > 0.02 * previous, "force error \(gap) after \(previous)") }
            previous = gap
        }
        #expect(previous! < 0.05 * rigid.constraints[0].force.length)
    }

    @Test(arguments: [5.0, 20.0])
    func aContactThatWouldPullCarriesNothing(loadY: Double) throws {
        let model = MechModels.contactRig(loadY: loadY, unilateral: false, compliant: 1e5)
        let e = try EquilibriumSolver(model: model).solve()
        Mech.expectSound(e, model)
        #expect(!e.constraints[0].active && e.constraints[0].force == .zero)
        let free = try EquilibriumSolver(model: MechModels.contactRig(loadY: loadY, unilateral: true, withContact: false)).solve()
        let d = Mech.distance(e.pose, free.pose)
        #expect(d.translation <= 1e-10 && d.rotation <= 1e-9)
    }

    @Test func stiffnessIsValidatedAndExclusiveOfUnilateral() {
        var model = MechModels.contactRig(loadY: -5, unilateral: false, compliant: 0.5)
        #expect(throws: EquilibriumError.self) { try model.validate() }
        model.constraints[0].kind = .compliantEllipsoid(center: .zero, radii: Vector3(0.1, 0.2, 0.12), stiffness: 2e3)
        #expect(throws: Never.self) { try model.validate() }
        #expect(model.constraints[0].equationCount == 0 && !model.constraints[0].isUnilateral && model.constraints[0].kind.isSurface)
    }
}
