import Foundation
import Testing
import TautCore

/// Unilateral ellipsoid contacts: press and push, or lift off and leave the free
/// equilibrium; bilateral contacts that would have to pull say so.
@Suite struct ContactTests {
    static let center = Vector3.zero
    static let radii = Vector3(0.1, 0.2, 0.12)

    static func normal(_ e: Equilibrium, _ model: Model, _ index: Int = 0) -> Vector3 {
        Mech.outwardNormal(center: center, radii: radii, at: e.pose.transform(model.constraints[index].bodyPoint))
    }

    @Test(arguments: [-5.0, -20.0, -80.0])
    func pressedContactPushesAlongOutwardNormal(loadY: Double) throws {
        let model = MechModels.contactRig(loadY: loadY, unilateral: true)
        let e = try EquilibriumSolver(model: model).solve()
        Mech.expectSound(e, model)
        let contact = e.constraints[0]
        #expect(contact.active)
        #expect(!contact.pulls)
        #expect(abs(contact.residuals[0]) <= 1e-12)
        let f = contact.force
        #expect(f.length > 1, "a load of \(loadY) N presses: reaction \(f) N")
        let n = Self.normal(e, model)
        #expect(f.dot(n) >= f.length * (1 - 1e-12), "reaction \(f) not along outward normal \(n)")
        // Unilateral and bilateral agree while the contact pushes.
        let bilateralModel = MechModels.contactRig(loadY: loadY, unilateral: false)
        let b = try EquilibriumSolver(model: bilateralModel).solve()
        Mech.expectSound(b, bilateralModel)
        #expect(!b.constraints[0].pulls)
        let d = Mech.distance(e.pose, b.pose)
        #expect(d.translation <= 1e-10 && d.rotation <= 1e-9)
        #expect((b.constraints[0].force - f).length <= 1e-8)
    }

    @Test(arguments: [5.0, 20.0, 80.0])
    func pullingContactLiftsOffAndMatchesTheFreeModel(loadY: Double) throws {
        let model = MechModels.contactRig(loadY: loadY, unilateral: true)
        let solver = try EquilibriumSolver(model: model)
        let e = try solver.solve()
        Mech.expectSound(e, model)
        let contact = e.constraints[0]
        #expect(!contact.active)
        #expect(!contact.pulls)
        #expect(contact.force == .zero)
        #expect(e.multipliers == [0])
        // Lifted off, outside the ellipsoid, by a real gap.
        #expect(contact.residuals[0] > 1e-5, "gap \(contact.residuals[0]) m")
        #expect(Mech.radialDistance(center: Self.center, radii: Self.radii, e.pose.transform(.zero)) >= -1e-12)

        let freeModel = MechModels.contactRig(loadY: loadY, unilateral: true, withContact: false)
        let free = try EquilibriumSolver(model: freeModel).solve()
        Mech.expectSound(free, freeModel)
        let d = Mech.distance(e.pose, free.pose)
        #expect(d.translation <= 1e-10 && d.rotation <= 1e-9, "lifted vs free: \(d)")
        for (a, b) in zip(e.muscles, free.muscles) { #expect(abs(a.tension - b.tension) <= 1e-8) }
        #expect(e.stability.eigenvalues.count == 6)
        for (a, b) in zip(e.stability.eigenvalues, free.stability.eigenvalues) { #expect(abs(a - b) <= 1e-6 * max(1, abs(b))) }
    }

    @Test func bilateralContactThatPullsSaysSo() throws {
        let model = MechModels.contactRig(loadY: 20, unilateral: false)
        let e = try EquilibriumSolver(model: model).solve()
        Mech.expectSound(e, model)
        let contact = e.constraints[0]
        #expect(contact.active)
        #expect(contact.pulls)
        #expect(abs(contact.residuals[0]) <= 1e-12)
        let n = Self.normal(e, model)
        #expect(contact.force.dot(n) <= -contact.force.length * (1 - 1e-12), "a pulling reaction points inwards: \(contact.force)")
        #expect(contact.force.length > 1)
    }

    /// Sweeping the load through the lift-off point: the contact force falls to zero
    /// continuously, and released points never sit inside the ellipsoid.
    @Test func loadSweepThroughLiftOff() throws {
        var previousPush = Double.infinity
        var sawPressed = false, sawReleased = false
        for step in 0...40 {
            let loadY = -40 + 2.0 * Double(step)
            let model = MechModels.contactRig(loadY: loadY, unilateral: true)
            let e = try EquilibriumSolver(model: model).solve()
            Mech.expectSound(e, model)
            let c = e.constraints[0]
            let push = c.active ? c.force.dot(Self.normal(e, model)) : 0
            #expect(push >= 0, "load \(loadY) N: contact pulls \(push) N")
            #expect(push <= previousPush + 1e-9, "contact force should fall as the load lifts: \(push) after \(previousPush)")
            previousPush = push
            if c.active { sawPressed = true } else {
                sawReleased = true
                #expect(c.residuals[0] >= -1e-12)
            }
            // Bilateral: same pose while it pushes; `pulls` exactly when the unilateral one lifted (a real gap).
            let bilateral = try EquilibriumSolver(model: MechModels.contactRig(loadY: loadY, unilateral: false)).solve()
            if c.active {
                #expect(!bilateral.constraints[0].pulls)
            } else if c.residuals[0] > 1e-9 {
                #expect(bilateral.constraints[0].pulls, "load \(loadY) N: unilateral lifted off but the bilateral contact does not report pulling")
            }
        }
        #expect(sawPressed && sawReleased)
    }

    /// A lifted contact that the changed model would push through comes back.
    @Test func releasedContactThatWouldPenetrateComesBack() throws {
        let model = MechModels.contactRig(loadY: 20, unilateral: true, presser: 0)
        let solver = try EquilibriumSolver(model: model)
        let lifted = try solver.solve()
        #expect(!lifted.constraints[0].active)
        let presser = try #require(model.muscleIndex("presser"))
        try solver.setLaw(.spring(LinearSpring(stiffness: 5000, restLength: 0.25)), forMuscle: presser)
        let warm = try solver.solve(from: .equilibrium(lifted))
        Mech.expectSound(warm, solver.model)
        #expect(warm.constraints[0].active, "the presser pulls the body through the ellipsoid: the contact must come back")
        #expect(warm.constraints[0].force.dot(Self.normal(warm, solver.model)) > 1)
        let cold = try solver.solve()
        let d = Mech.distance(warm.pose, cold.pose)
        #expect(d.translation <= 1e-10 && d.rotation <= 1e-9)
        // And it lets go again when the presser is released.
        try solver.setLaw(.spring(LinearSpring(stiffness: 0, restLength: 0.25)), forMuscle: presser)
        let again = try solver.solve(from: .equilibrium(warm))
        Mech.expectSound(again, solver.model)
        #expect(!again.constraints[0].active)
        let back = Mech.distance(again.pose, lifted.pose)
        #expect(back.translation <= 1e-10 && back.rotation <= 1e-9)
    }

    /// The girdle's two gliding contacts: each one pressed pushes; each one released
    /// is outside its ellipsoid; the result equals the model with released contacts
    /// removed and pressed ones made bilateral.
    @Test(arguments: [0.0, 0.3, 1.0])
    func girdleContactsAreConsistent(serratusActivation: Double) throws {
        var model = Fixtures.girdle(unilateral: true)
        // Vary how hard the scapula is pulled onto the thorax.
        for name in ["serratus_sup", "serratus_inf"] {
            let i = try #require(model.muscleIndex(name))
            guard case .hill(var h) = model.muscles[i].law else { Issue.record("hill expected"); return }
            h.activation = serratusActivation
            model.muscles[i].law = .hill(h)
        }
        let e = try EquilibriumSolver(model: model).solve()
        Mech.expectSound(e, model)
        var reduced = model
        reduced.constraints = []
        for (c, r) in zip(model.constraints, e.constraints) {
            if case .ellipsoid(let center, let radii, true) = c.kind {
                let x = e.pose.transform(c.bodyPoint)
                if r.active {
                    let n = Mech.outwardNormal(center: center, radii: radii, at: x)
                    #expect(r.force.dot(n) >= -1e-9, "\(c.name) pressed but pulls: \(r.force)")
                    #expect(r.force.dot(n) >= r.force.length * (1 - 1e-9))
                    reduced.constraints.append(Constraint(name: c.name, bodyPoint: c.bodyPoint, kind: .ellipsoid(center: center, radii: radii, unilateral: false)))
                } else {
                    #expect(Mech.radialDistance(center: center, radii: radii, x) >= -1e-12)
                }
            } else {
                #expect(r.active)
                reduced.constraints.append(c)
            }
        }
        let r = try EquilibriumSolver(model: reduced).solve()
        Mech.expectSound(r, reduced)
        let d = Mech.distance(e.pose, r.pose)
        #expect(d.translation <= 1e-9 && d.rotation <= 1e-8, "serratus \(serratusActivation): active-set result vs reduced model \(d)")
    }
}
