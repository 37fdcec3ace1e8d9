import Foundation
import Testing
import TautCore

/// Checks and small models for the mechanics tests. Everything here recomputes what
/// it checks from the model itself (lengths, force laws, geometry), never from the
/// solver's internals, so that a wrong solver answer cannot also be a wrong expectation.
enum Mech {
    static let g = 9.80665
    static let degree = Double.pi / 180

    // MARK: Poses

    /// Translation (m) and rotation angle (rad) between two poses.
    static func distance(_ a: Pose, _ b: Pose) -> (translation: Double, rotation: Double) {
        let d = a.difference(to: b)
        return (d.translation.length, d.rotation.length)
    }

    /// A pose up to `maxTranslation` m and `maxAngle` rad from `pose`, drawn from `rng`.
    static func randomStart(near pose: Pose, rng: inout SplitMix64, maxTranslation: Double = 0.02, maxAngle: Double = 15 * degree) -> Pose {
        let t = rng.unitVector() * rng.uniform(0, maxTranslation)
        let r = rng.unitVector() * rng.uniform(0, maxAngle)
        return pose.displaced(translation: t, rotation: r)
    }

    /// Largest |(RᵀR − I)ᵢⱼ| and |det R − 1|.
    static func orthonormalityError(_ r: Matrix3) -> Double {
        let p = r.transpose * r
        var e = abs(r.determinant - 1)
        for i in 0..<3 {
            for j in 0..<3 { e = max(e, abs(p[i, j] - (i == j ? 1 : 0))) }
        }
        return e
    }

    // MARK: Forces recomputed from the model

    /// The force (N) every muscle, gravity, load and constraint reaction puts on the
    /// scapula at `e.pose`, and their moment (N·m) about the scapula origin, summed
    /// independently of the solver from the path geometry and the force laws.
    static func netWrench(_ model: Model, _ e: Equilibrium) -> (force: Vector3, moment: Vector3) {
        let pose = e.pose
        var f = Vector3.zero
        var m = Vector3.zero
        func add(_ force: Vector3, at x: Vector3) {
            f += force
            m += (x - pose.position).cross(force)
        }
        for forces in muscleForces(model, at: pose) {
            for (point, vector) in forces { add(vector, at: point) }
        }
        add(model.gravity * model.scapula.mass, at: pose.transform(model.scapula.centerOfMass))
        for load in model.loads { add(load.force, at: pose.transform(load.bodyPoint)) }
        for (c, r) in zip(model.constraints, e.constraints) { add(r.force, at: pose.transform(c.bodyPoint)) }
        return (f, m)
    }

    /// Per muscle: the forces (N) it applies at scapula points (thorax frame, m).
    static func muscleForces(_ model: Model, at pose: Pose) -> [[(Vector3, Vector3)]] {
        model.muscles.map { muscle in
            let t = muscle.law.response(length: muscle.length(at: pose)).tension
            var out: [(Vector3, Vector3)] = []
            for (a, b) in zip(muscle.path, muscle.path.dropFirst()) {
                let xa = a.position(at: pose), xb = b.position(at: pose)
                let u = (xb - xa) / (xb - xa).length
                if a.body == .scapula { out.append((xa, u * t)) }
                if b.body == .scapula { out.append((xb, u * -t)) }
            }
            return out
        }
    }

    /// Potential energy U (J) at `pose`: muscle potentials, gravity and loads, from the
    /// model's own `Muscle.length(at:)` and `ForceLaw.potential`.
    static func energy(_ model: Model, at pose: Pose) -> Double {
        var u = 0.0
        for muscle in model.muscles { u += muscle.law.potential(length: muscle.length(at: pose)) }
        u -= (model.gravity * model.scapula.mass).dot(pose.transform(model.scapula.centerOfMass))
        for load in model.loads { u -= load.force.dot(pose.transform(load.bodyPoint)) }
        for c in model.constraints {
            if case .compliantEllipsoid(let center, let radii, let k) = c.kind {
                let p = max(0, -radialDistance(center: center, radii: radii, pose.transform(c.bodyPoint)))
                u += 0.5 * k * p * p
            }
        }
        return u
    }

    /// Outward unit normal of an axis-aligned ellipsoid at (or near) `x`.
    static func outwardNormal(center: Vector3, radii: Vector3, at x: Vector3) -> Vector3 {
        let n = (x - center) / (radii * radii)
        return n / n.length
    }

    /// |x − c| (1 − 1/ρ): signed radial distance from the surface, positive outside.
    static func radialDistance(center: Vector3, radii: Vector3, _ x: Vector3) -> Double {
        let d = x - center
        let rho = (d / radii).length
        return d.length * (1 - 1 / rho)
    }

    // MARK: Checks common to every equilibrium

    /// Every number in `e` is finite.
    static func isFinite(_ e: Equilibrium) -> Bool {
        var ok = e.pose.position.isFinite && e.pose.rotation.c0.isFinite && e.pose.rotation.c1.isFinite && e.pose.rotation.c2.isFinite
        ok = ok && e.forceResidual.isFinite && e.momentResidual.isFinite && e.constraintViolation.isFinite && e.energy.isFinite
        ok = ok && e.residualHistory.allSatisfy(\.isFinite) && e.multipliers.allSatisfy(\.isFinite)
        for m in e.muscles {
            ok = ok && m.length.isFinite && m.slackLength.isFinite && m.strain.isFinite && m.tension.isFinite && m.stiffness.isFinite
        }
        for c in e.constraints { ok = ok && c.force.isFinite && c.residuals.allSatisfy(\.isFinite) }
        ok = ok && e.stability.eigenvalues.allSatisfy(\.isFinite)
        if let mode = e.stability.softestMode { ok = ok && mode.translation.isFinite && mode.rotation.isFinite }
        if let s = e.stability.softestStiffness { ok = ok && s.isFinite }
        return ok
    }

    /// The checks every returned equilibrium must pass: finite, residuals below the
    /// default tolerances (reported and recomputed), constraints satisfied (active) or
    /// not penetrated (released), tensions as the force laws give at the reported lengths.
    static func expectSound(_ e: Equilibrium, _ model: Model, forceTolerance: Double = 1e-9, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(isFinite(e), "equilibrium has a non-finite number", sourceLocation: sourceLocation)
        #expect(e.forceResidual <= forceTolerance, "force residual \(e.forceResidual) N", sourceLocation: sourceLocation)
        #expect(e.momentResidual <= forceTolerance, "moment residual \(e.momentResidual) N·m", sourceLocation: sourceLocation)
        #expect(e.constraintViolation <= 1e-12, "constraint violation \(e.constraintViolation) m", sourceLocation: sourceLocation)
        #expect((e.residualHistory.last ?? .infinity) <= 1, "history ends above 1: \(e.residualHistory)", sourceLocation: sourceLocation)
        #expect(e.residualHistory.count >= 1 && e.residualHistory.count <= e.iterations + 1 + model.constraints.count * 8 + 8, sourceLocation: sourceLocation)
        #expect(orthonormalityError(e.pose.rotation) < 1e-12, sourceLocation: sourceLocation)
        let w = netWrench(model, e)
        // Recomputed independently; a little more room for the summation's round-off.
        #expect(w.force.length <= 10 * forceTolerance, "recomputed net force \(w.force) N", sourceLocation: sourceLocation)
        #expect(w.moment.length <= 10 * forceTolerance, "recomputed net moment \(w.moment) N·m", sourceLocation: sourceLocation)
        #expect(e.muscles.count == model.muscles.count, sourceLocation: sourceLocation)
        for (muscle, state) in zip(model.muscles, e.muscles) {
            let l = muscle.length(at: e.pose)
            #expect(abs(state.length - l) <= 1e-12, "\(muscle.name) length", sourceLocation: sourceLocation)
            let t = muscle.law.response(length: l).tension
            #expect(abs(state.tension - t) <= 1e-9 * max(1, t), "\(muscle.name) tension", sourceLocation: sourceLocation)
            #expect(state.tension >= 0, sourceLocation: sourceLocation)
        }
        #expect(e.constraints.count == model.constraints.count, sourceLocation: sourceLocation)
        for (c, r) in zip(model.constraints, e.constraints) {
            if case .compliantEllipsoid(let center, let radii, let k) = c.kind {
                // The push is −∂(½ k p²)/∂x = k p ∇d, recomputed with a central difference.
                let x = e.pose.transform(c.bodyPoint)
                let p = max(0, -radialDistance(center: center, radii: radii, x))
                var gradient = Vector3.zero
                for i in 0..<3 {
                    var step = Vector3.zero
                    step[i] = 1e-7
                    gradient[i] = (radialDistance(center: center, radii: radii, x + step) - radialDistance(center: center, radii: radii, x - step)) / 2e-7
                }
                let push = gradient * (k * p)
                #expect((r.force - push).length <= 1e-6 * max(1e-3, push.length), "\(c.name) push \(r.force) N, expected \(push)", sourceLocation: sourceLocation)
                #expect(r.active == (p > 0) && !r.pulls, sourceLocation: sourceLocation)
                continue
            }
            let values = c.residuals(at: e.pose)
            if r.active {
                #expect(values.allSatisfy { abs($0) <= 1e-12 }, "\(c.name) residuals \(values)", sourceLocation: sourceLocation)
            } else {
                #expect(c.isUnilateral, "only a contact may be released: \(c.name)", sourceLocation: sourceLocation)
                #expect(values.allSatisfy { $0 >= -1e-12 }, "released \(c.name) penetrates: \(values)", sourceLocation: sourceLocation)
                #expect(r.force == .zero, "released \(c.name) carries \(r.force)", sourceLocation: sourceLocation)
            }
            if case .ellipsoid(let center, let radii, _) = c.kind {
                let x = e.pose.transform(c.bodyPoint)
                #expect(abs(radialDistance(center: center, radii: radii, x) - values[0]) <= 1e-12, sourceLocation: sourceLocation)
            }
        }
    }

    // MARK: Rigid motion of a whole model

    /// The model with every thorax-fixed quantity moved by the rigid motion `motion`:
    /// thorax path points, constraint ground points and centres, gravity and load
    /// directions, and the reference pose. Scapula-frame data are unchanged. Ellipsoids
    /// are axis-aligned, so `motion.rotation` must then be a signed permutation of the axes.
    static func moved(_ model: Model, by motion: Pose) -> Model {
        let r = motion.rotation
        var out = model
        out.gravity = r * model.gravity
        out.scapula.referencePose = model.scapula.referencePose.moved(by: motion)
        for i in out.muscles.indices {
            for k in out.muscles[i].path.indices where out.muscles[i].path[k].body == .thorax {
                out.muscles[i].path[k].point = motion.transform(model.muscles[i].path[k].point)
            }
        }
        for i in out.constraints.indices {
            switch model.constraints[i].kind {
            case .point(let g):
                out.constraints[i].kind = .point(groundPoint: motion.transform(g))
            case .distance(let g, let l):
                out.constraints[i].kind = .distance(groundPoint: motion.transform(g), length: l)
            case .ellipsoid(let c, let radii, let unilateral):
                for j in 0..<3 {
                    let column = [r.c0, r.c1, r.c2][j]
                    precondition(abs(abs(column.x) + abs(column.y) + abs(column.z) - 1) < 1e-15, "an ellipsoid needs an axis permutation")
                }
                let rotated = r * radii
                out.constraints[i].kind = .ellipsoid(
                    center: motion.transform(c), radii: Vector3(abs(rotated.x), abs(rotated.y), abs(rotated.z)), unilateral: unilateral)
            case .compliantEllipsoid(let c, let radii, let k):
                precondition([r.c0, r.c1, r.c2].allSatisfy { abs(abs($0.x) + abs($0.y) + abs($0.z) - 1) < 1e-15 }, "an ellipsoid needs an axis permutation")
                let rotated = r * radii
                out.constraints[i].kind = .compliantEllipsoid(
                    center: motion.transform(c), radii: Vector3(abs(rotated.x), abs(rotated.y), abs(rotated.z)), stiffness: k)
            }
        }
        for i in out.loads.indices { out.loads[i].force = r * model.loads[i].force }
        return out
    }

    /// An exact rotation by a quarter turn about Z: x → y, y → −x.
    static let quarterTurnZ = Matrix3(columns: Vector3(0, 1, 0), Vector3(-1, 0, 0), Vector3(0, 0, 1))
}

// MARK: - Small models whose answers are known by hand

enum MechModels {
    static func spring(_ name: String, _ ground: Vector3, _ local: Vector3, k: Double, rest: Double, group: String = "g") -> Muscle {
        Fixtures.spring(name, from: ground, to: local, k: k, rest: rest, group: group)
    }

    /// Six identical springs from ground points at ±0.3 m on each thorax axis to body
    /// points at ±0.05 m on the same axes, no gravity: equilibrium at the reference
    /// (identity) pose with equal tensions k (0.25 − rest).
    static func sixSprings(k: Double = 1000, rest: Double = 0.2) -> Model {
        var muscles: [Muscle] = []
        let axes = [Vector3(1, 0, 0), Vector3(-1, 0, 0), Vector3(0, 1, 0), Vector3(0, -1, 0), Vector3(0, 0, 1), Vector3(0, 0, -1)]
        for (i, a) in axes.enumerated() {
            muscles.append(spring("s\(i)", a * 0.3, a * 0.05, k: k, rest: rest))
        }
        return Model(name: "six-springs", gravity: .zero, scapula: Fixtures.scapula(), muscles: muscles)
    }

    /// A body pinned (point constraint) at the thorax origin, with its centre of mass
    /// 0.1 m along X, under gravity −Y, lifted by one spring in the XY plane and
    /// steadied by a mirror-symmetric (±Z) pair: the equilibrium is a rotation about Z.
    static func pinnedPlanar() -> Model {
        let muscles = [
            spring("lift", Vector3(0.1, 0.25, 0), Vector3(0.12, 0, 0), k: 400, rest: 0.2),
            spring("side_pos", Vector3(0, 0.05, 0.15), Vector3(0.06, 0, 0.04), k: 300, rest: 0.1),
            spring("side_neg", Vector3(0, 0.05, -0.15), Vector3(0.06, 0, -0.04), k: 300, rest: 0.1),
        ]
        return Model(
            name: "pinned-planar", gravity: Vector3(0, -Mech.g, 0),
            scapula: Fixtures.scapula(mass: 1, com: Vector3(0.1, 0, 0)),
            constraints: [Constraint(name: "pin", bodyPoint: .zero, kind: .point(groundPoint: .zero))],
            muscles: muscles)
    }

    /// A body of mass `mass` (centre of mass at its origin) held between four vertical
    /// springs of stiffness `k` from ground points 0.3 m above its corners
    /// (±0.05, 0, ±0.05) and four from 0.3 m below them, rest length 0.25 m:
    /// pretensioned (25 N for k = 500), so it is held at the reference without gravity,
    /// and gravity makes it sag by m g / (8 k).
    static func hanging(mass: Double = 2, k: Double = 500, gravity: Double = Mech.g) -> Model {
        var muscles: [Muscle] = []
        for (i, (sx, sz)) in [(1.0, 1.0), (1.0, -1.0), (-1.0, 1.0), (-1.0, -1.0)].enumerated() {
            let corner = Vector3(0.05 * sx, 0, 0.05 * sz)
            muscles.append(spring("up\(i)", corner + Vector3(0, 0.3, 0), corner, k: k, rest: 0.25, group: "up"))
            muscles.append(spring("down\(i)", corner + Vector3(0, -0.3, 0), corner, k: k, rest: 0.25, group: "down"))
        }
        return Model(name: "hanging", gravity: Vector3(0, -gravity, 0), scapula: Fixtures.scapula(mass: mass), muscles: muscles)
    }

    /// Springs whose scapula attachments all lie on the scapula's X axis (at ±0.04 m)
    /// from ground points around it: every motion is resisted except a rotation about X.
    static func axisLine() -> Model {
        var muscles: [Muscle] = []
        var i = 0
        for side in [-1.0, 1.0] {
            for offset in [Vector3(0, 0.2, 0), Vector3(0, -0.2, 0), Vector3(0, 0, 0.2), Vector3(0, 0, -0.2)] {
                muscles.append(spring("a\(i)", Vector3(side * 0.3, 0, 0) + offset, Vector3(side * 0.04, 0, 0), k: 800, rest: 0.2))
                i += 1
            }
        }
        return Model(name: "axis-line", scapula: Fixtures.scapula(), muscles: muscles)
    }

    /// The contact test rig: a body whose origin touches the top (0, 0.2, 0) of a thorax
    /// ellipsoid centred at the thorax origin (radii 0.1, 0.2, 0.12) at the reference
    /// pose, held there by six pretensioned springs along the thorax axes (ground points
    /// 0.3 m away, body points 0.05 m away, different stiffnesses, opposite springs
    /// equally tensioned so that the reference is the free equilibrium), with a load
    /// (2, `loadY`, −1) N at the off-centre body point (0.01, 0, 0.02), no gravity. A
    /// "presser" spring of stiffness `presser` (0: none) pulls the body down onto the ellipsoid.
    /// With `compliant` (N/m) the contact is a compliant one of that stiffness instead.
    static func contactRig(loadY: Double, unilateral: Bool, withContact: Bool = true, presser: Double = 0, compliant: Double? = nil) -> Model {
        let top = Vector3(0, 0.2, 0)
        let axes = [Vector3(1, 0, 0), Vector3(-1, 0, 0), Vector3(0, 1, 0), Vector3(0, -1, 0), Vector3(0, 0, 1), Vector3(0, 0, -1)]
        let stiffness = [800.0, 1200, 1500, 700, 1000, 1300]
        let tension = [40.0, 40, 60, 60, 30, 30]
        var muscles: [Muscle] = []
        for (i, a) in axes.enumerated() {
            muscles.append(spring("s\(i)", top + a * 0.3, a * 0.05, k: stiffness[i], rest: 0.25 - tension[i] / stiffness[i]))
        }
        muscles.append(spring("presser", Vector3(0.01, -0.1, 0.0), Vector3(0, -0.02, 0), k: presser, rest: 0.25))
        var constraints: [Constraint] = []
        if withContact {
            constraints.append(Constraint(
                name: "contact", bodyPoint: .zero,
                kind: compliant.map { .compliantEllipsoid(center: .zero, radii: Vector3(0.1, 0.2, 0.12), stiffness: $0) }
                    ?? .ellipsoid(center: .zero, radii: Vector3(0.1, 0.2, 0.12), unilateral: unilateral)))
        }
        return Model(
            name: "contact-rig", gravity: .zero,
            scapula: Fixtures.scapula(mass: 0.5, pose: Pose(position: top, rotation: .identity)),
            constraints: constraints, muscles: muscles,
            loads: [Load(name: "push", bodyPoint: Vector3(0.01, 0, 0.02), force: Vector3(2, loadY, -1))])
    }

    /// A body pinned at its origin with its centre of mass `height` m straight above the
    /// pin under gravity, steadied by four weak horizontal springs at the height of the
    /// centre of mass: the upright pose is an equilibrium by symmetry.
    static func invertedPendulum(k: Double, mass: Double = 2, height: Double = 0.2) -> Model {
        var muscles: [Muscle] = []
        let dirs = [Vector3(1, 0, 0), Vector3(-1, 0, 0), Vector3(0, 0, 1), Vector3(0, 0, -1)]
        for (i, d) in dirs.enumerated() {
            let local = Vector3(0, height, 0) + d * 0.05
            muscles.append(spring("h\(i)", local + d * 0.25, local, k: k, rest: 0.2))
        }
        return Model(
            name: "inverted-pendulum", gravity: Vector3(0, -Mech.g, 0),
            scapula: Fixtures.scapula(mass: mass, com: Vector3(0, height, 0)),
            constraints: [Constraint(name: "pin", bodyPoint: .zero, kind: .point(groundPoint: .zero))],
            muscles: muscles)
    }

    /// `Fixtures.twoSpringLine` geometry (ground at x = ±1, 1 m long at the reference)
    /// with identical Hill muscles on both sides at normalised fibre length
    /// `fiberRatio` and activation `activation`: a symmetric tug of war.
    static func hillTugOfWar(activation: Double, fiberRatio: Double = 1.25) -> Model {
        var model = Fixtures.twoSpringLine(k1: 1000, k2: 1000, rest1: 0.9, rest2: 0.9)
        let tendon = 0.2
        let hill = HillMuscle(maxIsometricForce: 300, optimalFiberLength: (1 - tendon) / fiberRatio, tendonSlackLength: tendon, activation: activation)
        for i in model.muscles.indices { model.muscles[i].law = .hill(hill) }
        model.name = "hill-tug-of-war"
        return model
    }
}
