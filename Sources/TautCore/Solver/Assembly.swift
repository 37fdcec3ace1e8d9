/// The model flattened for the Newton loop: energy, gradient and Hessian of the
/// potential, and the constraint equations, evaluated without allocating. A class, so
/// the solver's calls never copy it (and retain its arrays).
final class Assembly {
    /// Every muscle's path: its pose-dependent segments and its constant length.
    let paths: [CompiledPath]
    private(set) var laws: [ForceLaw]
    /// Weight m·g (N, thorax axes) acting at the centre of mass (scapula frame, m).
    let weight: Vector3
    let centerOfMass: Vector3
    var loads: [Load]
    let constraints: [Constraint]
    /// Per equation: its constraint and component.
    let equationConstraint: [Int]
    let equationComponent: [Int]
    /// The muscles with one moving segment, four at a time; the others (a path that
    /// leaves and rejoins the scapula) are summed one by one.
    let lanes: SegmentLanes
    let inLanes: [Bool]
    /// The compliant contacts (constraint indices): penalty forces, not equations.
    let compliantContacts: [Int]

    /// - Parameters:
    ///   - paths: `model`'s muscle paths, compiled at its reference pose.
    ///   - workspace: sized for `model` and `SegmentLanes.laneCount(paths)` lanes.
    init(_ model: Model, paths: [CompiledPath], workspace: Workspace) {
        self.paths = paths
        let laws = model.muscles.map(\.law)
        self.laws = laws
        weight = model.gravity * model.scapula.mass
        centerOfMass = model.scapula.centerOfMass
        loads = model.loads
        constraints = model.constraints
        var equationConstraint: [Int] = [], equationComponent: [Int] = []
        for (i, c) in model.constraints.enumerated() {
            for k in 0..<c.equationCount {
                equationConstraint.append(i)
                equationComponent.append(k)
            }
        }
        self.equationConstraint = equationConstraint
        self.equationComponent = equationComponent
        lanes = SegmentLanes(paths, laws: laws, workspace: workspace)
        inLanes = paths.map { $0.segments.count == 1 }
        compliantContacts = model.constraints.indices.filter {
            if case .compliantEllipsoid = model.constraints[$0].kind { return true }
            return false
        }
    }

    /// Compliant contact `i`'s stiffness k (N/m) and gap d with its pose derivatives.
    @inline(__always) func contactGap(_ i: Int, at pose: Pose) -> (stiffness: Double, gap: PoseDerivatives) {
        guard case .compliantEllipsoid(_, _, let k) = constraints[i].kind else { preconditionFailure("not a compliant contact") }
        return (k, constraints[i].equation(0, at: pose))
    }

    /// Compliant contact `i`'s push on the scapula at `pose`, −∂U/∂x = k p ∇d (N, thorax
    /// axes; ∇d, the gap's translational gradient, points outward), and the penetration
    /// p = max(0, −d) (m).
    func contactForce(_ i: Int, at pose: Pose) -> (force: Vector3, penetration: Double) {
        let (k, gap) = contactGap(i, at: pose)
        let p = max(0, -gap.value)
        return (gap.gradient.translational * (k * p), p)
    }

    var equationCount: Int { equationConstraint.count }

    /// Replaces muscle `index`'s force law.
    func setLaw(_ law: ForceLaw, forMuscle index: Int) {
        laws[index] = law
        lanes.setLaw(law, forMuscle: index)
    }

    @inline(__always) func muscleLength(_ i: Int, at pose: Pose) -> Double {
        paths[i].length(at: pose)
    }

    /// Length (m) of muscle `i` with its gradient and Hessian in the pose coordinates.
    func pathDerivatives(_ i: Int, at pose: Pose) -> PoseDerivatives {
        paths[i].derivatives(at: pose)
    }

    // The hot functions below read the stored arrays once into locals: an access to a
    // class's `var` inside the muscle loop would cost a dynamic exclusivity check each time.

    /// Potential energy U (J) at `pose`.
    func energy(at pose: Pose) -> Double {
        let laws = self.laws, inLanes = self.inLanes
        var u = lanes.energy(at: pose, laws: laws)
        for i in laws.indices where !inLanes[i] {
            u += laws[i].potential(length: muscleLength(i, at: pose))
        }
        return u + externalPotential(at: pose)
    }

    /// Potential (J) of gravity, the loads and the compliant contacts at `pose`.
    func externalPotential(at pose: Pose) -> Double {
        var u = -weight.dot(pose.transform(centerOfMass))
        for load in loads { u -= load.force.dot(pose.transform(load.bodyPoint)) }
        for i in compliantContacts {
            let (k, gap) = contactGap(i, at: pose)
            let p = max(0, -gap.value)
            u += 0.5 * k * p * p
        }
        return u
    }

    /// Every muscle's path length (m) at `pose`, into `lengths` (by muscle index).
    func muscleLengths(at pose: Pose, into lengths: UnsafeMutableBufferPointer<Double>) {
        lanes.lengths(at: pose, into: lengths)
        let inLanes = self.inLanes
        for i in inLanes.indices where !inLanes[i] { lengths[i] = muscleLength(i, at: pose) }
    }

    /// Gradient and Hessian of U at `pose`, and the sum of the magnitudes of the forces
    /// that enter the balance (N): the scale of its round-off.
    func potentialDerivatives(at pose: Pose) -> (gradient: PoseGradient, hessian: PoseHessian, forceScale: Double) {
        let laws = self.laws, inLanes = self.inLanes
        var (g, h, scale) = lanes.derivatives(at: pose, laws: laws)
        for i in laws.indices where !inLanes[i] {
            let path = pathDerivatives(i, at: pose)
            let (t, k) = laws[i].response(length: path.value)
            if t == 0 && k == 0 { continue }
            g += path.gradient * t
            h += PoseHessian.outer(path.gradient) * k + path.hessian * t
            scale += t
        }
        let gravityArm = pose.rotation * centerOfMass
        g += poseGradient(arm: gravityArm, pointGradient: -weight)
        h.rr += poseCurvature(arm: gravityArm, pointGradient: -weight)
        scale += weight.length
        for load in loads {
            let a = pose.rotation * load.bodyPoint
            g += poseGradient(arm: a, pointGradient: -load.force)
            h.rr += poseCurvature(arm: a, pointGradient: -load.force)
            scale += load.force.length
        }
        // U = ½ k p², p = −d > 0: ∇U = −k p ∇d, ∇²U = k ∇d ∇dᵀ − k p ∇²d.
        for i in compliantContacts {
            let (k, gap) = contactGap(i, at: pose)
            let p = -gap.value
            guard p > 0 else { continue }
            g += gap.gradient * (-k * p)
            h += PoseHessian.outer(gap.gradient) * k + gap.hessian * (-k * p)
            scale += k * p
        }
        return (g, h, scale)
    }

    @inline(__always) func equation(_ e: Int, at pose: Pose) -> PoseDerivatives {
        constraints[equationConstraint[e]].equation(equationComponent[e], at: pose)
    }

    @inline(__always) func residual(_ e: Int, at pose: Pose) -> Double {
        equation(e, at: pose).value
    }
}
