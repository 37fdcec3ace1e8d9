import Foundation

/// How fast the solver finds one model's equilibrium: cold from the reference pose (for
/// a calibrated model that is already its equilibrium: 0 or 1 iterations), cold from a
/// displaced pose (5 mm and 3° from the equilibrium, in seeded directions: what a cold
/// start costs), and warm (from the equilibrium of a neighbouring model, the first
/// muscle's rest length 1 % longer — one step of a sweep), on one core and on several.
public struct SolverTiming: Sendable {
    public var model: String
    public var caseName: String
    /// Median wall time of one solve, s: cold from the reference pose ("at rest" for a
    /// calibrated model), cold from a displaced pose, warm.
    public var coldSolveSeconds: Double
    public var coldDisplacedSolveSeconds: Double
    public var warmSolveSeconds: Double
    /// Warm solves per second on one thread and on `threads` threads, each thread timed
    /// from when it starts solving (its start-up is not counted).
    public var solvesPerSecondOneCore: Double
    public var solvesPerSecondAllCores: Double
    public var threads: Int
    /// Mean Newton iterations per solve.
    public var meanIterationsCold: Double
    public var meanIterationsColdDisplaced: Double
    public var meanIterationsWarm: Double

    /// The displaced starts' distance from the equilibrium: translation (m) and rotation (rad).
    public static let displacement = (translation: 0.005, rotation: 3 * Double.pi / 180)
    /// How many seeded displaced starts the cold-displaced figure cycles through.
    public static let displacedStartCount = 8

    /// Measures `model` for about `duration` seconds per measurement.
    /// - Throws: `EquilibriumError` when the model has no equilibrium.
    public static func measure(
        _ model: Model, caseName: String = "", duration: Double = 0.2, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        options: SolverOptions = SolverOptions()
    ) throws -> SolverTiming {
        OpenBLAS.useOneThread()
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
        // Cold, displaced: from poses 5 mm and 3° away from the equilibrium.
        let starts = displacedStarts(from: reference.pose)
        var displaced: [Double] = []
        var displacedIterations = 0
        try repeatFor(duration, atLeast: 1) {  // whole passes over the starts: an exact mean
            for pose in starts {
                let start = ContinuousClock.now
                let e = try solver.solve(from: .pose(pose))
                displaced.append(seconds(ContinuousClock.now - start))
                displacedIterations += e.iterations
            }
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
            model: model.name, caseName: caseName, coldSolveSeconds: median(cold),
            coldDisplacedSolveSeconds: median(displaced), warmSolveSeconds: median(warm),
            solvesPerSecondOneCore: one, solvesPerSecondAllCores: all, threads: threads,
            meanIterationsCold: Double(coldIterations) / Double(cold.count),
            meanIterationsColdDisplaced: Double(displacedIterations) / Double(displaced.count),
            meanIterationsWarm: Double(warmIterations) / Double(warm.count))
    }

    /// `count` poses, each `displacement` away from `pose`: translated by 5 mm along a
    /// random direction and rotated by 3° about a random axis through the scapula origin
    /// (thorax axes), the directions drawn from `seed` so every run times the same starts.
    public static func displacedStarts(from pose: Pose, count: Int = displacedStartCount, seed: UInt64 = 1) -> [Pose] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let dp = rng.unitVector() * displacement.translation
            let dtheta = rng.unitVector() * displacement.rotation
            return pose.displaced(translation: dp, rotation: dtheta)
        }
    }

    /// The model with its first muscle's rest length (spring) or optimal fibre and
    /// tendon slack lengths (Hill) 1 % longer.
    static func neighbour(of model: Model) throws -> Model {
        guard !model.muscles.isEmpty else { return model }
        return try Scenario.apply([.init(.muscle(model.muscles[0].name), .restLengthScale(1.01))], to: model)
    }

    /// Warm solves per second over `threads` threads, each with its own solver: all the
    /// threads' solves over the wall time from when every thread is ready (its solver
    /// built) to when the last one stops, so neither thread start-up nor more threads
    /// than cores (taking turns) count.
    static func throughput(_ model: Model, from start: Equilibrium, threads: Int, duration: Double, options: SolverOptions) throws -> Double {
        let tally = Tally(threads)
        let clock = ContinuousClock()
        let workers = (0..<threads).map { t in
            Thread {
                let solver = try? EquilibriumSolver(model: model, options: options)
                let began = tally.arriveAndWait(clock)
                guard let solver else { return tally.finish(t, solves: 0, at: clock.now) }
                let end = began.advanced(by: .seconds(duration))
                var n = 0
                while n == 0 || clock.now < end {
                    if (try? solver.solve(from: .equilibrium(start))) != nil { n += 1 } else if n == 0 { break }
                }
                tally.finish(t, solves: n, at: clock.now)
            }
        }
        for w in workers { w.start() }
        return tally.rate()
    }
}

/// The workers' solve counts and end times, and the start line they wait at: the rate is
/// every worker's solves over the wall time from the moment all were ready (built their
/// solver) to the last one's end. So neither thread start-up nor threads that take turns
/// on fewer cores than threads inflate it.
private final class Tally: @unchecked Sendable {
    private let condition = NSCondition()
    private var solves: [Int?]
    private var arrived = 0
    private var start: ContinuousClock.Instant?
    private var last: ContinuousClock.Instant?

    init(_ n: Int) { solves = Array(repeating: nil, count: n) }

    /// Waits until every worker has arrived; returns the common start.
    func arriveAndWait(_ clock: ContinuousClock) -> ContinuousClock.Instant {
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        if arrived == solves.count {
            start = clock.now
            condition.broadcast()
        }
        while start == nil { condition.wait() }
        return start!
    }

    func finish(_ i: Int, solves n: Int, at end: ContinuousClock.Instant) {
        condition.lock()
        solves[i] = n
        last = max(last ?? end, end)
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for every worker; solves per second of wall time.
    func rate() -> Double {
        condition.lock()
        defer { condition.unlock() }
        while solves.contains(where: { $0 == nil }) { condition.wait() }
        guard let start, let last else { return 0 }
        let total = solves.reduce(0) { $0 + ($1 ?? 0) }
        return Double(total) / max(seconds(last - start), 1e-9)
    }
}

private func repeatFor(_ duration: Double, atLeast minimum: Int = 5, _ body: () throws -> Void) rethrows {
    let clock = ContinuousClock()
    let end = clock.now.advanced(by: .seconds(duration))
    var n = 0
    while n < minimum || clock.now < end {
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
