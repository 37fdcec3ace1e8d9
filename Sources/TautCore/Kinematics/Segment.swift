/// A straight muscle segment between a thorax point and a scapula point: the only
/// kind whose length depends on the pose (segments within one body are constant).
struct Segment: Sendable {
    /// Thorax-frame end, m.
    var ground: Vector3
    /// Scapula-frame end, m.
    var local: Vector3

    init(ground: Vector3, local: Vector3) {
        self.ground = ground
        self.local = local
    }

    @inline(__always) func length(at pose: Pose) -> Double {
        (pose.transform(local) - ground).length
    }

    /// Length ℓ = |x − t| (m) and its pose derivatives: ∇ₓℓ = u, ∇ₓ²ℓ = (I − u uᵀ)/ℓ.
    func derivatives(at pose: Pose) -> PoseDerivatives {
        let a = pose.rotation * local
        let d = pose.position + a - ground
        let l = d.length
        let u = d / l
        let h = (Matrix3.identity - Matrix3.outer(u, u)) * (1 / l)
        return PoseDerivatives(
            value: l, gradient: poseGradient(arm: a, pointGradient: u),
            hessian: poseHessian(arm: a, pointGradient: u, pointHessian: h))
    }
}

/// A muscle path split into a constant length and its pose-dependent segments.
struct CompiledPath: Sendable {
    var constantLength: Double
    var segments: [Segment]

    init(_ path: [PathPoint], referencePose: Pose) {
        constantLength = 0
        segments = []
        for (a, b) in zip(path, path.dropFirst()) {
            switch (a.body, b.body) {
            case (.thorax, .scapula): segments.append(Segment(ground: a.point, local: b.point))
            case (.scapula, .thorax): segments.append(Segment(ground: b.point, local: a.point))
            default: constantLength += (b.position(at: referencePose) - a.position(at: referencePose)).length
            }
        }
    }

    func length(at pose: Pose) -> Double {
        var total = constantLength
        for s in segments { total += s.length(at: pose) }
        return total
    }

    func derivatives(at pose: Pose) -> PoseDerivatives {
        var total = PoseDerivatives(value: constantLength, gradient: .zero, hessian: .zero)
        for s in segments {
            let d = s.derivatives(at: pose)
            total.value += d.value
            total.gradient += d.gradient
            total.hessian += d.hessian
        }
        return total
    }
}

extension Muscle {
    /// Path length L (m) with its analytic gradient and Hessian with respect to the
    /// pose coordinates (see `PoseGradient`).
    public func lengthDerivatives(at pose: Pose) -> PoseDerivatives {
        CompiledPath(path, referencePose: pose).derivatives(at: pose)
    }
}
