import Foundation

/// How fast the solver finds one model's equilibrium: cold (from the reference pose)
/// and warm (from the equilibrium of a neighbouring model, the first muscle's rest
/// length 1 % longer — one step of a sweep), on one core and on several.
public struct SolverTiming: Sendable {
    public var model: String
    public var caseName: String
    /// Median wall time of one solve, s.
    public var coldSolveSeconds: Double
    public var warmSolveSeconds: Double
    /// Warm solves per second on one thread and on `threads` threads.
    public var solvesPerSecondOneCore: Double
    public var solvesPerSecondAllCores: Double
    public var threads: Int
    /// Mean Newton iterations per solve.
    public var meanIterationsCold: Double
    public var meanIterationsWarm: Double

    /// Measures `model` for about `duration` seconds per measurement.
    /// - Throws: `EquilibriumError` when the model has no equilibrium.
    public static func measure(
        _ model: Model, caseName: String = "", duration: Double = 0.2, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        options: SolverOptions = SolverOptions()
    ) throws -> SolverTiming {
        LinearAlgebra.useOneThread()
        let solver = try EquilibriumSolver(model: model, options: options)
        let reference = try solver.solve()
        let neighbour = try Self.neighbour(of: model)

        // Cold: from the reference pose.
        var cold: [Double] = []
        var coldIterations = 0
        try repeatFor(duration) {
            let start = ContinuousClock.now
            let e = try solver.solve()
            cold.append(seconds(ContinuousClock.now - start))
            coldIterations += e.iterations
        }
        // Warm: the neighbouring model from this model's equilibrium.
        let warmSolver = try EquilibriumSolver(model: neighbour, options: options)
        var warm: [Double] = []
        var warmIterations = 0
        try repeatFor(duration) {
            let start = ContinuousClock.now
            let e = try warmSolver.solve(from: .equilibrium(reference))
            warm.append(seconds(ContinuousClock.now - start))
            warmIterations += e.iterations
        }
        let one = try throughput(neighbour, from: reference, threads: 1, duration: duration, options: options)
        let all = threads > 1 ? try throughput(neighbour, from: reference, threads: threads, duration: duration, options: options) : one
        return SolverTiming(
            model: model.name, caseName: caseName, coldSolveSeconds: median(cold), warmSolveSeconds: median(warm),
            solvesPerSecondOneCore: one, solvesPerSecondAllCores: all, threads: threads,
            meanIterationsCold: Double(coldIterations) / Double(cold.count),
            meanIterationsWarm: Double(warmIterations) / Double(warm.count))
    }

    /// The model with its first muscle's rest length (spring) or optimal fibre and
    /// tendon slack lengths (Hill) 1 % longer.
    static func neighbour(of model: Model) throws -> Model {
        guard !model.muscles.isEmpty else { return model }
        return try Scenario.apply([.init(.muscle(model.muscles[0].name), .restLengthScale(1.01))], to: model)
    }

    /// Warm solves per second over `threads` threads, each with its own solver.
    static func throughput(_ model: Model, from start: Equilibrium, threads: Int, duration: Double, options: SolverOptions) throws -> Double {
        let counts = Counts(threads)
        let clock = ContinuousClock()
        let began = clock.now
        let workers = (0..<threads).map { t in
            Thread {
                guard let solver = try? EquilibriumSolver(model: model, options: options) else { return }
                var n = 0
                let end = began.advanced(by: .seconds(duration))
                while clock.now < end {
                    if (try? solver.solve(from: .equilibrium(start))) != nil { n += 1 }
                }
                counts.set(t, n)
            }
        }
        for w in workers { w.start() }
        counts.waitForAll()
        return Double(counts.total) / seconds(clock.now - began)
    }
}

/// Per-thread solve counts, filled by worker threads.
private final class Counts: @unchecked Sendable {
    private let condition = NSCondition()
    private var values: [Int?]

    init(_ n: Int) { values = Array(repeating: nil, count: n) }

    func set(_ i: Int, _ n: Int) {
        condition.lock()
        values[i] = n
        condition.broadcast()
        condition.unlock()
    }

    func waitForAll() {
        condition.lock()
        while values.contains(where: { $0 == nil }) { condition.wait() }
        condition.unlock()
    }

    var total: Int { values.reduce(0) { $0 + ($1 ?? 0) } }
}

private func repeatFor(_ duration: Double, _ body: () throws -> Void) rethrows {
    let clock = ContinuousClock()
    let end = clock.now.advanced(by: .seconds(duration))
    var n = 0
    while n < 5 || clock.now < end {
        try body()
        n += 1
    }
}

private func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

private func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
