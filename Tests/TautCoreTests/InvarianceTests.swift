import Foundation
import Testing
import TautCore

/// Moving the whole model rigidly moves its equilibrium with it and changes no tension.
@Suite struct InvarianceTests {
    static let translation = Vector3(0.3, -0.2, 0.5)

    /// Rigid motions valid for a model: translations and quarter turns about Z (which
    /// keep axis-aligned ellipsoids axis-aligned) for all; arbitrary rotations for
    /// models without ellipsoids.
    static func motions(hasEllipsoid: Bool) -> [(String, Pose)] {
        var out: [(String, Pose)] = [
            ("translation", Pose(position: translation, rotation: .identity)),
            ("quarter turn", Pose(position: translation, rotation: Mech.quarterTurnZ)),
            ("half turn about X", Pose(position: -translation, rotation: Matrix3(diagonal: Vector3(1, -1, -1)))),
        ]
        if !hasEllipsoid {
            out.append(("rotation", Pose(position: translation, rotation: Rotation.exp(Vector3(0.3, -0.5, 0.7)))))
            out.append(("large rotation", Pose(position: .zero, rotation: Rotation.exp(Vector3(-1.2, 2.0, 0.4)))))
        }
        return out
    }

    @Test(arguments: ConvergenceModels.all + ["contactLifted", "hanging", "sixSprings"])
    func equilibriumMovesWithTheModel(name: String) throws {
        let model: Model
        switch name {
        case "contactLifted": model = MechModels.contactRig(loadY: 20, unilateral: true)
        case "hanging": model = MechModels.hanging()
        case "sixSprings": model = MechModels.sixSprings()
        default: model = ConvergenceModels.model(name)
        }
        let hasEllipsoid = model.constraints.contains { if case .ellipsoid = $0.kind { return true } else { return false } }
        let base = try EquilibriumSolver(model: model).solve()
        Mech.expectSound(base, model)
        for (label, motion) in Self.motions(hasEllipsoid: hasEllipsoid) {
            let movedModel = Mech.moved(model, by: motion)
            let e = try EquilibriumSolver(model: movedModel).solve()
            Mech.expectSound(e, movedModel)
            let expected = base.pose.moved(by: motion)
            let d = Mech.distance(e.pose, expected)
            #expect(d.translation <= 1e-9 && d.rotation <= 1e-9, "\(name), \(label): pose off by \(d.translation) m, \(d.rotation) rad")
            for (a, b) in zip(e.muscles, base.muscles) {
                #expect(abs(a.tension - b.tension) <= 1e-7 * max(1, b.tension), "\(name), \(label): \(a.name) \(a.tension) N vs \(b.tension) N")
                #expect(abs(a.length - b.length) <= 1e-10)
            }
            #expect(e.activeConstraints == base.activeConstraints, "\(name), \(label)")
            for (a, b) in zip(e.constraints, base.constraints) {
                #expect((a.force - motion.rotation * b.force).length <= 1e-7 * max(1, b.force.length), "\(name), \(label): reaction \(a.name)")
                #expect(a.pulls == b.pulls)
            }
            #expect(e.stability.isStable == base.stability.isStable)
            #expect(e.stability.eigenvalues.count == base.stability.eigenvalues.count)
            for (a, b) in zip(e.stability.eigenvalues, base.stability.eigenvalues) {
                #expect(abs(a - b) <= 1e-6 * max(1, abs(b)), "\(name), \(label): eigenvalues \(e.stability.eigenvalues) vs \(base.stability.eigenvalues)")
            }
            #expect(abs(e.energy - base.energy - (Mech.energy(movedModel, at: e.pose) - Mech.energy(model, at: base.pose))) <= 1e-9)
        }
    }

    /// The scapula frame is arbitrary too: re-expressing the body's points in a frame
    /// moved by `offset` (and the reference pose accordingly) changes neither the
    /// placement of the body in space nor any tension.
    @Test(arguments: ["freeBody10", "girdleBilateral", "girdleUnilateral", "pinnedPlanar"])
    func bodyFrameChoiceDoesNotMatter(name: String) throws {
        let model = ConvergenceModels.model(name)
        let offset = Pose(position: Vector3(0.02, -0.03, 0.01), rotation: Rotation.exp(Vector3(0.2, 0.1, -0.3)))
        // New body frame B' with B = offset ∘ B': a point r in B is offset⁻¹(r) in B'.
        let inverse = Pose(position: offset.rotation.transpose * (-offset.position), rotation: offset.rotation.transpose)
        var changed = model
        changed.scapula.centerOfMass = inverse.transform(model.scapula.centerOfMass)
        changed.scapula.referencePose = Pose(
            position: model.scapula.referencePose.transform(offset.position),
            rotation: model.scapula.referencePose.rotation * offset.rotation)
        for i in changed.muscles.indices {
            for k in changed.muscles[i].path.indices where changed.muscles[i].path[k].body == .scapula {
                changed.muscles[i].path[k].point = inverse.transform(model.muscles[i].path[k].point)
            }
        }
        for i in changed.constraints.indices { changed.constraints[i].bodyPoint = inverse.transform(model.constraints[i].bodyPoint) }
        for i in changed.loads.indices { changed.loads[i].bodyPoint = inverse.transform(model.loads[i].bodyPoint) }

        let base = try EquilibriumSolver(model: model).solve()
        let e = try EquilibriumSolver(model: changed).solve()
        Mech.expectSound(e, changed)
        // Same placement: B' = B ∘ offset.
        let expected = Pose(position: base.pose.transform(offset.position), rotation: base.pose.rotation * offset.rotation)
        let d = Mech.distance(e.pose, expected)
        #expect(d.translation <= 1e-9 && d.rotation <= 1e-9, "\(name): \(d)")
        for (a, b) in zip(e.muscles, base.muscles) { #expect(abs(a.tension - b.tension) <= 1e-7 * max(1, b.tension)) }
        for (a, b) in zip(e.constraints, base.constraints) { #expect((a.force - b.force).length <= 1e-7 * max(1, b.force.length)) }
    }
}
