import TautCore

/// Models shared by the tests, each small enough to reason about by hand.
enum Fixtures {
    static func scapula(mass: Double = 0.5, com: Vector3 = .zero, pose: Pose = .identity) -> Scapula {
        Scapula(mass: mass, centerOfMass: com, referencePose: pose)
    }

    static func spring(_ name: String, from ground: Vector3, to local: Vector3, k: Double, rest: Double, group: String = "g") -> Muscle {
        Muscle(
            name: name, group: group, law: .spring(LinearSpring(stiffness: k, restLength: rest)),
            path: [PathPoint(body: .thorax, point: ground), PathPoint(body: .scapula, point: local)])
    }

    /// Two groups of four parallel springs pulling the body along X, from ground
    /// points at x = −1 m (stiffness k1 in all) and x = +1 m (k2 in all), attached at
    /// (0, ±b, 0) and (0, 0, ±b). No gravity. By symmetry the body only translates
    /// along X: k1 (1 + x − L1) = k2 (1 − x − L2).
    static func twoSpringLine(k1: Double, k2: Double, rest1: Double, rest2: Double, b: Double = 0.05) -> Model {
        var muscles: [Muscle] = []
        let offsets = [Vector3(0, b, 0), Vector3(0, -b, 0), Vector3(0, 0, b), Vector3(0, 0, -b)]
        for (i, o) in offsets.enumerated() {
            muscles.append(spring("left\(i)", from: Vector3(-1, 0, 0) + o, to: o, k: k1 / 4, rest: rest1, group: "left"))
            muscles.append(spring("right\(i)", from: Vector3(1, 0, 0) + o, to: o, k: k2 / 4, rest: rest2, group: "right"))
        }
        return Model(name: "two-spring-line", gravity: .zero, scapula: scapula(), muscles: muscles)
    }

    /// A free body held by `count` pretensioned springs (see `SyntheticModels.freeBody`).
    static func freeBody(muscles count: Int, seed: UInt64 = 7) -> Model {
        SyntheticModels.freeBody(muscles: count, seed: seed)
    }

    /// A shoulder-like body: a scapula pressed on a thorax ellipsoid at two points,
    /// a clavicle strut, a glenoid load, and Hill muscles, with made-up but plausible numbers.
    static func girdle(unilateral: Bool = false, law: (Int) -> ForceLaw = girdleLaw) -> Model {
        let pose = Pose(position: Vector3(-0.06, 0.01, 0.17), rotation: ISBAngles(protraction: 36, lateralRotation: 4, posteriorTilt: -2).rotation)
        let ts = Vector3(0, 0, -0.13), ai = Vector3(0, -0.117, -0.13)
        let center = Vector3(-0.03, -0.02, 0.07)
        func radii(through local: Vector3) -> Vector3 {
            let x = pose.transform(local) - center
            let base = Vector3(0.083, 0.2, 0.083)
            return base * (x / base).length
        }
        let constraints = [
            Constraint(name: "clavicle", bodyPoint: Vector3(0.04, 0.007, -0.019), kind: .distance(groundPoint: Vector3(0.006, 0.007, 0.025), length: (pose.transform(Vector3(0.04, 0.007, -0.019)) - Vector3(0.006, 0.007, 0.025)).length)),
            Constraint(name: "ts_glide", bodyPoint: ts, kind: .ellipsoid(center: center, radii: radii(through: ts), unilateral: unilateral)),
            Constraint(name: "ai_glide", bodyPoint: ai, kind: .ellipsoid(center: center, radii: radii(through: ai), unilateral: unilateral)),
        ]
        let attachments: [(String, String, Vector3, Vector3)] = [
            ("trap_upper", "elevators", Vector3(-0.08, 0.12, 0.02), Vector3(0.007, 0.007, -0.04)),
            ("trap_middle", "retractors", Vector3(-0.12, 0.0, 0.0), Vector3(0.007, -0.001, -0.055)),
            ("trap_lower", "depressors", Vector3(-0.14, -0.15, 0.0), Vector3(0.006, -0.007, -0.097)),
            ("rhomboid_minor", "retractors", Vector3(-0.12, 0.05, 0.0), Vector3(0.012, -0.018, -0.126)),
            ("rhomboid_major", "retractors", Vector3(-0.13, -0.05, 0.0), Vector3(0.007, -0.106, -0.13)),
            ("levator", "elevators", Vector3(-0.05, 0.15, 0.03), Vector3(0.013, -0.003, -0.124)),
            ("serratus_sup", "protractors", Vector3(0.0, -0.05, 0.12), Vector3(0.03, 0.017, -0.096)),
            ("serratus_inf", "protractors", Vector3(0.02, -0.17, 0.13), Vector3(-0.001, -0.113, -0.126)),
            ("pec_minor", "protractors", Vector3(0.05, -0.08, 0.08), Vector3(0.073, -0.021, -0.019)),
            ("trap_clav", "elevators", Vector3(-0.06, 0.13, 0.0), Vector3(0.04, 0.007, -0.019)),
        ]
        var muscles: [Muscle] = []
        for (i, a) in attachments.enumerated() {
            muscles.append(Muscle(name: a.0, group: a.1, law: law(i), path: [PathPoint(body: .thorax, point: a.2), PathPoint(body: .scapula, point: a.3)]))
        }
        // Rest lengths relative to the reference lengths.
        for i in muscles.indices {
            let l = muscles[i].length(at: pose)
            switch muscles[i].law {
            case .spring(var s):
                s.restLength = l * s.restLength
                muscles[i].law = .spring(s)
            case .hill(var h):
                let scale = l / (h.optimalFiberLength + h.tendonSlackLength)
                h.optimalFiberLength *= scale
                h.tendonSlackLength *= scale
                muscles[i].law = .hill(h)
            }
        }
        return Model(
            name: "girdle", scapula: Scapula(mass: 0.5, centerOfMass: Vector3(0.02, -0.03, -0.06), referencePose: pose),
            constraints: constraints, muscles: muscles,
            loads: [Load(name: "arm", bodyPoint: Vector3(0.044, -0.028, 0.003), force: Vector3(0, -35, 0))])
    }

    /// Hill muscles whose lengths at the reference pose are 1.0 of (l_opt + l_ts), with tone.
    static func girdleLaw(_ i: Int) -> ForceLaw {
        .hill(HillMuscle(maxIsometricForce: [1043, 470, 414, 200, 407, 280, 388, 508, 430, 140][i], optimalFiberLength: 0.8, tendonSlackLength: 0.2, activation: [0.05, 0.03, 0.03, 0.03, 0.06, 0.15, 0.03, 0.18, 0.03, 0.02][i]))
    }
}
