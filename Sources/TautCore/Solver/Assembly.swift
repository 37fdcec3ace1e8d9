/// The model flattened for the Newton loop: energy, gradient and Hessian of the
/// potential, and the constraint equations, evaluated without allocating. A class, so
/// the solver's calls never copy it (and retain its arrays).
final class Assembly {
    /// Every pose-dependent muscle segment, muscle after muscle.
    var segments: [Segment]
    /// Per muscle: its range in `segments` and its constant length (m).
    var segmentRanges: [Range<Int>]
    var constantLengths: [Double]
    var laws: [ForceLaw]
    /// Weight m·g (N, thorax axes) acting at the centre of mass (scapula frame, m).
    var weight: Vector3
    var centerOfMass: Vector3
    var loads: [Load]
    var constraints: [Constraint]
    /// Per equation: its constraint and component.
    var equationConstraint: [Int]
    var equationComponent: [Int]

    init(_ model: Model) {
        segments = []
        segmentRanges = []
        constantLengths = []
        laws = []
        for muscle in model.muscles {
            let path = CompiledPath(muscle.path, referencePose: model.scapula.referencePose)
            segmentRanges.append(segments.count..<(segments.count + path.segments.count))
            segments += path.segments
            constantLengths.append(path.constantLength)
            laws.append(muscle.law)
        }
        weight = model.gravity * model.scapula.mass
        centerOfMass = model.scapula.centerOfMass
        loads = model.loads
        constraints = model.constraints
        equationConstraint = []
        equationComponent = []
        for (i, c) in model.constraints.enumerated() {
            for k in 0..<c.equationCount {
                equationConstraint.append(i)
                equationComponent.append(k)
            }
        }
    }

    var equationCount: Int { equationConstraint.count }

    @inline(__always) func muscleLength(_ i: Int, at pose: Pose) -> Double {
        var l = constantLengths[i]
        for s in segmentRanges[i] { l += segments[s].length(at: pose) }
        return l
    }

    /// Length (m) of muscle `i` with its gradient and Hessian in the pose coordinates.
    func pathDerivatives(_ i: Int, at pose: Pose) -> PoseDerivatives {
        var path = PoseDerivatives(value: constantLengths[i], gradient: .zero, hessian: .zero)
        for s in segmentRanges[i] {
            let d = segments[s].derivatives(at: pose)
            path.value += d.value
            path.gradient += d.gradient
            path.hessian += d.hessian
        }
        return path
    }

    /// Potential energy U (J) at `pose`.
    func energy(at pose: Pose) -> Double {
        var u = 0.0
        for i in laws.indices {
            u += laws[i].potential(length: muscleLength(i, at: pose))
        }
        u -= weight.dot(pose.transform(centerOfMass))
        for load in loads { u -= load.force.dot(pose.transform(load.bodyPoint)) }
        return u
    }

    /// Gradient and Hessian of U at `pose`, and the sum of the magnitudes of the forces
    /// that enter the balance (N): the scale of its round-off.
    func potentialDerivatives(at pose: Pose) -> (gradient: PoseGradient, hessian: PoseHessian, forceScale: Double) {
        var g = PoseGradient.zero
        var h = PoseHessian.zero
        var scale = 0.0
        for i in laws.indices {
            if segmentRanges[i].count == 1 {
                // One moving segment (most muscles): the muscle's Hessian in closed form.
                // With u the unit segment, a the arm, w = a × u, α = T/ℓ, β = K − T/ℓ:
                // pp = αI + β u uᵀ, pr = −α[a]× + β u wᵀ,
                // rr = α(|a|² I − a aᵀ) + β w wᵀ + T(½(u aᵀ + a uᵀ) − (u·a) I).
                let seg = segments[segmentRanges[i].lowerBound]
                let a = pose.rotation * seg.local
                let d = pose.position + a - seg.ground
                let l = d.length
                let u = d / l
                let (t, k) = laws[i].response(length: constantLengths[i] + l)
                if t == 0 && k == 0 { continue }
                let w = a.cross(u)
                let alpha = t / l, beta = k - t / l
                g += PoseGradient(translational: u * t, rotational: w * t)
                h.pp += Matrix3.identity * alpha + Matrix3.outer(u, u) * beta
                h.pr += Matrix3.skew(a) * -alpha + Matrix3.outer(u, w) * beta
                h.rr += Matrix3.identity * (alpha * a.lengthSquared - t * u.dot(a))
                    + Matrix3.outer(a, a) * -alpha + Matrix3.outer(w, w) * beta
                    + (Matrix3.outer(u, a) + Matrix3.outer(a, u)) * (0.5 * t)
                scale += t
                continue
            }
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
        return (g, h, scale)
    }

    @inline(__always) func equation(_ e: Int, at pose: Pose) -> PoseDerivatives {
        constraints[equationConstraint[e]].equation(equationComponent[e], at: pose)
    }

    @inline(__always) func residual(_ e: Int, at pose: Pose) -> Double {
        equation(e, at: pose).value
    }
}
