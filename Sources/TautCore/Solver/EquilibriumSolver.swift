/// Finds the static equilibrium of a model's scapula: the minimum of the potential
/// energy U(q) subject to the active constraints c(q) = 0, by Newton's method on the
/// KKT system (LAPACK `dsysv`), globalised with an inertia-corrected Hessian, an ℓ1
/// merit line search and a second-order correction; unilateral contacts by an active
/// set. One solver owns its workspaces, allocated once: a Newton iteration allocates
/// nothing. A solver is not thread-safe; use one per thread.
public final class EquilibriumSolver {
    /// Where a solve starts.
    public enum Start: Sendable {
        /// The model's reference pose, multipliers 0, every contact pressed.
        case reference
        /// A given pose, multipliers 0, every contact pressed.
        case pose(Pose)
        /// Warm start: a previous equilibrium's pose, multipliers and active set.
        case equilibrium(Equilibrium)
    }

    public private(set) var model: Model
    public var options: SolverOptions

    var assembly: Assembly
    let kkt: KKTSystem
    /// Every buffer the solver writes, allocated once (`Workspace`).
    let workspace: Workspace
    /// Per equation: gradient row, residual (m), multiplier (N), new multiplier.
    let jacobian: UnsafeMutableBufferPointer<PoseGradient>
    let residuals: UnsafeMutableBufferPointer<Double>
    let multipliers: UnsafeMutableBufferPointer<Double>
    let newMultipliers: UnsafeMutableBufferPointer<Double>
    /// Per constraint: pressed (active) or lifted off.
    let active: UnsafeMutableBufferPointer<Bool>
    /// The active equations, in order, and their count.
    let activeEquations: UnsafeMutableBufferPointer<Int>
    /// Per muscle: path length (m), for the result.
    let lengths: UnsafeMutableBufferPointer<Double>
    var activeCount = 0
    /// Convergence history of the current solve.
    let history: UnsafeMutableBufferPointer<Double>
    var historyCount = 0
    /// Hessian of the Lagrangian and force scale at the last assembled iterate.
    var lagrangianHessian = PoseHessian.zero
    var forceScale = 0.0
    /// σ, the scale (N/m) of the last factored Newton system.
    var newtonScale = 1.0
    /// Whether the multipliers belong to the current start (a warm start's), or are to be
    /// estimated at the first assembly.
    var multipliersKnown = false
    /// The potential energy (J) at the last pose the line search tried.
    var lastEnergy: (pose: Pose, energy: Double)?

    /// Validates `model` and allocates the workspace.
    public init(model: Model, options: SolverOptions = SolverOptions()) throws {
        try model.validate()
        self.model = model
        self.options = options
        let paths = model.muscles.map { CompiledPath($0.path, referencePose: model.scapula.referencePose) }
        workspace = Workspace(
            equations: model.constraints.reduce(0) { $0 + $1.equationCount }, constraints: model.constraints.count,
            muscles: model.muscles.count, lanes: SegmentLanes.laneCount(paths), iterations: options.maxIterations)
        assembly = Assembly(model, paths: paths, workspace: workspace)
        kkt = KKTSystem(workspace)
        jacobian = workspace.jacobian
        residuals = workspace.residuals
        multipliers = workspace.multipliers
        newMultipliers = workspace.newMultipliers
        active = workspace.active
        activeEquations = workspace.activeEquations
        lengths = workspace.lengths
        history = workspace.history
    }

    /// Replaces muscle `index`'s force law (e.g. a new activation or rest length)
    /// without rebuilding the solver.
    public func setLaw(_ law: ForceLaw, forMuscle index: Int) throws {
        // Only the law changes: the path was validated with the model.
        try law.validate(field: .item("muscles", index, name: model.muscles[index].name))
        model.muscles[index].law = law
        assembly.setLaw(law, forMuscle: index)
    }

    /// Replaces the load forces (N, thorax axes), in model order.
    public func setLoads(_ forces: [Vector3]) throws {
        precondition(forces.count == model.loads.count)
        for (i, f) in forces.enumerated() {
            guard f.isFinite else {
                throw EquilibriumError.invalidParameter(field: FieldPath.item("loads", i, name: model.loads[i].name).key("force"), message: "must be finite")
            }
            model.loads[i].force = f
        }
        assembly.loads = model.loads
    }

    /// Solves for the equilibrium.
    /// - Throws: `EquilibriumError` when there is none, it is not unique, or Newton fails.
    public func solve(from start: Start = .reference) throws -> Equilibrium {
        var pose: Pose
        let m = assembly.equationCount
        lastEnergy = nil  // the model may have changed since (setLaw, setLoads)
        multipliersKnown = false
        multipliers.update(repeating: 0)
        active.update(repeating: true)
        switch start {
        case .reference:
            pose = model.scapula.referencePose
        case .pose(let p):
            pose = p
        case .equilibrium(let e):
            pose = e.pose
            if e.multipliers.count == m && e.constraints.count == model.constraints.count {
                for i in 0..<m { multipliers[i] = e.multipliers[i] }
                for i in e.constraints.indices { active[i] = e.constraints[i].active }
                multipliersKnown = true
            }
        }
        let origin = pose.position
        var iterations = 0
        historyCount = 0
        var changes = 0
        let maxChanges = 4 * model.constraints.count + 4
        while true {
            updateActiveEquations()
            try newton(&pose, iterations: &iterations, origin: origin)
            guard let change = activeSetChange(at: pose) else { break }
            active[change.constraint] = change.activate
            if !change.activate {
                for e in 0..<m where assembly.equationConstraint[e] == change.constraint { multipliers[e] = 0 }
            }
            changes += 1
            if changes > maxChanges {
                throw noConvergence(iterations, reason: "the contact active set cycles")
            }
        }
        return try result(at: pose, iterations: iterations)
    }

    // MARK: Newton

    func updateActiveEquations() {
        activeCount = 0
        for e in 0..<assembly.equationCount where active[assembly.equationConstraint[e]] {
            activeEquations[activeCount] = e
            activeCount += 1
        }
    }

    /// Residuals at the last assembly: net force (N), net moment (N·m), largest
    /// constraint violation (m).
    var lastForce = 0.0, lastMoment = 0.0, lastViolation = 0.0

    /// Assembles gradient, Lagrangian Hessian, active Jacobian and residuals at `pose`.
    /// Returns the gradient of U and the scaled KKT residual max(|F|/tolF, |M|/tolM,
    /// |c|/tolC), the force tolerances floored at the round-off of the force balance.
    func assemble(at pose: Pose) -> (gradient: PoseGradient, scaled: Double) {
        let (g, h, scale) = assembly.potentialDerivatives(at: pose)
        var hl = h
        var r = g
        var violation = 0.0
        var multiplierScale = 0.0
        for a in 0..<activeCount {
            let e = activeEquations[a]
            let eq = assembly.equation(e, at: pose)
            jacobian[e] = eq.gradient
            residuals[e] = eq.value
            r += eq.gradient * (-multipliers[e])
            hl += eq.hessian * (-multipliers[e])
            violation = max(violation, abs(eq.value))
            multiplierScale += abs(multipliers[e])
        }
        lagrangianHessian = hl
        forceScale = scale + multiplierScale
        lastForce = r.translational.length
        lastMoment = r.rotational.length
        lastViolation = violation
        return (g, scaledResidual(r, violation: violation, forceScale: forceScale, at: pose))
    }

    /// max(|F|/tolF, |M|/tolM, |c|/tolC) for the net generalised force `r` (N, N·m) and
    /// the largest constraint violation (m): at most 1 at equilibrium. The force
    /// tolerances are floored at the round-off of a balance of forces of total magnitude
    /// `forceScale` (N), 64 ε × forceScale.
    func scaledResidual(_ r: PoseGradient, violation: Double, forceScale: Double, at pose: Pose) -> Double {
        let roundOff = Self.roundOff(forceScale: forceScale)
        let tolF = max(options.forceTolerance, roundOff)
        let tolM = max(options.momentTolerance, roundOff * max(options.characteristicLength, pose.position.length))
        return max(r.translational.length / tolF, r.rotational.length / tolM, violation / options.constraintTolerance)
    }

    /// The round-off (N) of a balance of forces whose magnitudes add up to `forceScale` (N).
    static func roundOff(forceScale: Double) -> Double { 64 * Double.ulpOfOne * forceScale }

    /// A contact pulls when its reaction is below −this (N): the force tolerance, floored
    /// at the round-off of the last assembled force balance.
    var pullTolerance: Double { max(options.forceTolerance, Self.roundOff(forceScale: forceScale)) }

    func noConvergence(_ iterations: Int, reason: String) -> EquilibriumError {
        .noConvergence(
            iterations: iterations, forceResidual: lastForce, momentResidual: lastMoment,
            constraintViolation: lastViolation, reason: reason)
    }

    func newton(_ pose: inout Pose, iterations: inout Int, origin: Vector3) throws {
        var penalty = 0.0
        var noiseSteps = 0
        let lc = options.characteristicLength
        while true {
            var (g, scaled) = assemble(at: pose)
            if !multipliersKnown {
                // A start without multipliers: is it an equilibrium with the reactions
                // that balance it best? Then it converges here, before any step.
                multipliersKnown = true
                if try activeCount > 0 && scaled.isFinite && scaled > 1 && startIsEquilibrium(gradient: g, at: pose) {
                    (g, scaled) = assemble(at: pose)
                }
            }
            guard scaled.isFinite else { throw noConvergence(iterations, reason: "non-finite residual") }
            if historyCount < history.count {
                history[historyCount] = scaled
                historyCount += 1
            }
            if scaled <= 1 { return }
            if iterations >= options.maxIterations {
                throw noConvergence(iterations, reason: "iteration limit \(options.maxIterations) reached")
            }
            iterations += 1
            try factorNewtonSystem(gradient: g)

            // The step and new multipliers.
            let step = self.step
            let dp = step.translational, dr = step.rotational
            var largestMultiplier = 0.0
            var c1 = 0.0
            for a in 0..<activeCount {
                let e = activeEquations[a]
                newMultipliers[e] = solvedMultiplier(a)
                largestMultiplier = max(largestMultiplier, abs(newMultipliers[e]))
                c1 += abs(residuals[e])
            }

            // ℓ1 merit φ = U + ρ Σ|c| and its directional derivative D along the step.
            let slope = g.dot(step)
            penalty = max(penalty, 2 * largestMultiplier)
            if c1 > 0 { penalty = max(penalty, 2 * slope / c1) }
            let derivative = slope - penalty * c1
            let energy0 = lastEnergy?.pose == pose ? lastEnergy!.energy : assembly.energy(at: pose)
            let merit0 = energy0 + penalty * c1
            let noise = 1e-13 * (abs(merit0) + forceScale * (pose.position.length + lc))

            // Backtracking ends on the step's length, not on α: a step from a Hessian that
            // is all regularisation can be 1e7 m long and must still shrink to micrometres.
            let stepLength = dp.length + lc * dr.length
            var alpha = 1.0
            var next = pose.displaced(translation: dp, rotation: dr)
            if -derivative <= noise {
                // Merit differences are round-off: take the Newton step; the residual decides.
                noiseSteps += 1
                if noiseSteps > 8 {
                    throw noConvergence(iterations, reason: "stalled at the round-off of the force balance")
                }
            } else if merit(next, penalty) > merit0 + 1e-4 * derivative {
                // Second-order correction: J d = −c(next), with the same factorisation.
                if let corrected = secondOrderCorrection(from: next),
                    merit(corrected, penalty) <= merit0 + 1e-4 * derivative
                {
                    next = corrected
                } else {
                    repeat {
                        alpha *= 0.5
                        if alpha * stepLength < 1e-15 {
                            throw noConvergence(iterations, reason: "line search failed")
                        }
                        next = pose.displaced(translation: dp * alpha, rotation: dr * alpha)
                    } while merit(next, penalty) > merit0 + 1e-4 * alpha * derivative
                }
            }
            pose = next
            for a in 0..<activeCount {
                let e = activeEquations[a]
                multipliers[e] += alpha * (newMultipliers[e] - multipliers[e])
            }
            if (pose.position - origin).length > options.maxTravel {
                throw EquilibriumError.underConstrained(FreeDirection(translation: dp, rotation: dr))
            }
        }
    }

    /// ℓ1 merit U + ρ Σ|c| at `pose`; remembers U there, where the line search's last
    /// trial (the accepted pose) becomes the next iteration's start.
    func merit(_ pose: Pose, _ penalty: Double) -> Double {
        var c1 = 0.0
        for a in 0..<activeCount { c1 += abs(assembly.residual(activeEquations[a], at: pose)) }
        let energy = assembly.energy(at: pose)
        lastEnergy = (pose, energy)
        return energy + penalty * c1
    }

    func secondOrderCorrection(from pose: Pose) -> Pose? {
        guard activeCount > 0 else { return nil }
        for i in 0..<6 { kkt.rhs[i] = 0 }
        for a in 0..<activeCount { kkt.rhs[6 + a] = newtonScale * assembly.residual(activeEquations[a], at: pose) }
        kkt.resolve()
        let correction = step
        return pose.displaced(translation: correction.translational, rotation: correction.rotational)
    }

    /// Fills and factors the Newton system in scaled coordinates q̂ = (dp, L·dθ),
    ///
    ///     [Ĥ + δI, −σĴᵀ; −σĴ, 0] [dq̂; μ/σ] = [−ĝ; σc],   Ĥ = T H T, ĝ = T g, Ĵ = J T,
    ///
    /// T = diag(1, 1, 1, 1/L, 1/L, 1/L) (L the characteristic length), so that every
    /// entry is in N/m and σ, the largest entry of Ĥ (at least the forces' scale / L),
    /// is the scale of every pivot. δ is raised until the inertia is (6, m, 0), the
    /// reduced Hessian positive definite, so the step descends; a pivot below
    /// `zeroPivotRatio` × σ counts as zero. `step` and `solvedMultiplier` read the result.
    func factorNewtonSystem(gradient: PoseGradient) throws {
        let m = activeCount
        let n = 6 + m
        let s = 1 / options.characteristicLength
        let h = lagrangianHessian
        var sigma = forceScale * s
        for j in 0..<6 {
            for i in j..<6 { sigma = max(sigma, abs(h[i, j]) * (i < 3 ? 1 : s) * (j < 3 ? 1 : s)) }
        }
        sigma = max(sigma, .leastNormalMagnitude)
        newtonScale = sigma
        var delta = 0.0
        while true {
            kkt.reset(size: n)
            for j in 0..<6 {
                for i in j..<6 { kkt.set(i, j, h[i, j] * (i < 3 ? 1 : s) * (j < 3 ? 1 : s)) }
                kkt.matrix[j + j * n] += delta
            }
            for a in 0..<m {
                let row = jacobian[activeEquations[a]]
                for j in 0..<6 { kkt.set(6 + a, j, -sigma * row[j] * (j < 3 ? 1 : s)) }
            }
            for i in 0..<6 { kkt.rhs[i] = -gradient[i] * (i < 3 ? 1 : s) }
            for a in 0..<m { kkt.rhs[6 + a] = sigma * residuals[activeEquations[a]] }
            let inertia = kkt.factorAndSolve(zeroPivot: Self.zeroPivotRatio * sigma)
            if inertia.positive == 6 && inertia.negative == m && inertia.zero == 0 { return }
            delta = delta == 0 ? 1e-8 * sigma : delta * 10
            if delta > 1e10 * sigma {
                throw diagnoseSingularity()
            }
        }
    }

    /// A pivot of the scaled Newton system smaller than this fraction of its scale σ is
    /// zero: 1e-10 is far above the round-off of a factorisation of a matrix of 6 + m
    /// rows (≈ 1e-15 σ) and far below any stiffness a model resolves (the regularisation
    /// starts at 1e-8 σ).
    static let zeroPivotRatio = 1e-10

    /// The step (translation m, rotation vector rad, thorax axes) in the solved system.
    var step: PoseGradient {
        let s = options.characteristicLength
        return PoseGradient(
            translational: Vector3(kkt.rhs[0], kkt.rhs[1], kkt.rhs[2]),
            rotational: Vector3(kkt.rhs[3], kkt.rhs[4], kkt.rhs[5]) / s)
    }

    /// The multiplier (N) of active equation `a` in the solved system.
    func solvedMultiplier(_ a: Int) -> Double { newtonScale * kkt.rhs[6 + a] }

}
