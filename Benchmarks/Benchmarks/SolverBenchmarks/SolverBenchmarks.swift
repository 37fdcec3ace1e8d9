import Benchmark
import TautCore

/// Equilibrium solves of synthetic free-body models. Mallocs are counted per solve:
/// a cold solve takes more Newton iterations than a warm one, so equal malloc counts
/// show that a Newton iteration allocates nothing (a solve allocates only its result).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .instructions],
        warmupIterations: 10,
        maxDuration: .seconds(2),
        maxIterations: 100_000)

    for count in [10, 100, 1000] {
        let model = SyntheticModels.freeBody(muscles: count)
        Benchmark("free body \(count) muscles: cold solve") { benchmark in
            let solver = try EquilibriumSolver(model: model)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try solver.solve())
            }
        }
        Benchmark("free body \(count) muscles: warm solve") { benchmark in
            let solver = try EquilibriumSolver(model: model)
            let solution = try solver.solve()
            // Warm start from the equilibrium of a slightly different model.
            guard case .spring(var spring) = model.muscles[0].law else { return }
            spring.restLength *= 0.99
            try solver.setLaw(.spring(spring), forMuscle: 0)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try solver.solve(from: .equilibrium(solution)))
            }
        }
    }
}
