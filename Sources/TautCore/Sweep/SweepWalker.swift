/// The outcome of one grid point.
public struct SweepPoint: Sendable {
    /// Linear grid index.
    public var index: Int
    public var outcome: Result<Equilibrium, EquilibriumError>
    /// Newton iterations of the solve that gave the outcome (for a failure, those the
    /// error reports, else 0).
    public var iterations: Int
    /// True when the warm start failed and the point was solved again from the
    /// reference pose.
    public var retriedCold: Bool

    public var equilibrium: Equilibrium? { try? outcome.get() }
}

/// Counts over the points of a sweep run.
public struct SweepStatistics: Equatable, Sendable {
    public var points = 0
    public var converged = 0
    /// Newton iterations summed over converged points.
    public var iterations = 0
    /// Points whose warm start failed and that were retried cold.
    public var coldRetries = 0

    public init() {}

    public var failed: Int { points - converged }
    /// Mean Newton iterations per converged point.
    public var meanIterations: Double { converged == 0 ? 0 : Double(iterations) / Double(converged) }

    public mutating func add(_ point: SweepPoint) {
        points += 1
        if point.equilibrium != nil {
            converged += 1
            iterations += point.iterations
        }
        if point.retriedCold { coldRetries += 1 }
    }

    public mutating func add(_ other: SweepStatistics) {
        points += other.points
        converged += other.converged
        iterations += other.iterations
        coldRetries += other.coldRetries
    }
}

/// Solves chunks of a sweep on one solver (one per thread). A chunk starts cold, from
/// the case's reference pose, and walks its points in grid order, warm-starting each from
/// an already solved neighbour in the chunk: one step back along the axis that changed
/// (the previous point when only the last axis changed), or the previous point when that
/// neighbour is outside the chunk. A point that fails warm is retried cold. The result of
/// a chunk depends only on the chunk, never on the thread or what it solved before.
public final class SweepWalker {
    /// Newton iterations a warm start may take before the point is retried cold. A warm
    /// start that needs more is further from the solution than the reference pose (cold
    /// solves of the shoulder girdle take about 6); without the cap, a warm start from a
    /// distant neighbour (the end of the previous row) can spend the whole iteration
    /// limit before its cold retry.
    public static let warmIterationLimit = 30

    public let problem: SweepProblem
    /// Solve every point from the reference pose (to measure what warm starts save).
    public let cold: Bool
    let solver: EquilibriumSolver
    private let maxIterations: Int
    private var laws: [ForceLaw]
    private var solved: [Equilibrium?] = []

    public init(problem: SweepProblem, options: SolverOptions = SolverOptions(), cold: Bool = false) throws {
        self.problem = problem
        self.cold = cold
        solver = try EquilibriumSolver(model: problem.caseModel, options: options)
        maxIterations = options.maxIterations
        laws = problem.variedMuscles.map { problem.caseModel.muscles[$0].law }
    }

    /// Solves the grid points `range` (a chunk) in order.
    public func solve(points range: Range<Int>) -> [SweepPoint] {
        let grid = problem.grid
        solved.removeAll(keepingCapacity: true)
        var points: [SweepPoint] = []
        points.reserveCapacity(range.count)
        for i in range {
            var start = EquilibriumSolver.Start.reference
            if !cold && i > range.lowerBound {
                var neighbour = i - 1
                if let k = grid.changedAxis(at: i), i - grid.strides[k] >= range.lowerBound {
                    neighbour = i - grid.strides[k]
                }
                if let e = solved[neighbour - range.lowerBound] { start = .equilibrium(e) }
            }
            let point = solvePoint(i, from: start)
            solved.append(point.equilibrium)
            points.append(point)
        }
        return points
    }

    func solvePoint(_ index: Int, from start: EquilibriumSolver.Start) -> SweepPoint {
        do {
            try problem.variedLaws(at: index, into: &laws)
            for (slot, m) in problem.variedMuscles.enumerated() { try solver.setLaw(laws[slot], forMuscle: m) }
        } catch {
            return SweepPoint(index: index, outcome: .failure(Self.equilibriumError(error)), iterations: 0, retriedCold: false)
        }
        do {
            if case .equilibrium = start {
                solver.options.maxIterations = min(maxIterations, Self.warmIterationLimit)
            } else {
                solver.options.maxIterations = maxIterations
            }
            let e = try solver.solve(from: start)
            return SweepPoint(index: index, outcome: .success(e), iterations: e.iterations, retriedCold: false)
        } catch {
            var failure = Self.equilibriumError(error)
            var retried = false
            if case .equilibrium = start {
                retried = true
                do {
                    solver.options.maxIterations = maxIterations
                    let e = try solver.solve(from: .reference)
                    return SweepPoint(index: index, outcome: .success(e), iterations: e.iterations, retriedCold: true)
                } catch {
                    failure = Self.equilibriumError(error)
                }
            }
            var iterations = 0
            if case .noConvergence(let n, _, _, _, _) = failure { iterations = n }
            return SweepPoint(index: index, outcome: .failure(failure), iterations: iterations, retriedCold: retried)
        }
    }

    static func equilibriumError(_ error: any Error) -> EquilibriumError {
        if let e = error as? EquilibriumError { return e }
        return .noConvergence(iterations: 0, forceResidual: 0, momentResidual: 0, constraintViolation: 0, reason: "\(error)")
    }
}
