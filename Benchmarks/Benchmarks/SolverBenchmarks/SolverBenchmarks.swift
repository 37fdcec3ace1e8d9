import Benchmark
import TautCore
import TautFiles

/// The solver's benchmarks, through the public API only: whole equilibria cold, warm and
/// re-solved at the equilibrium (iteration 0: one assembly and the stability test) for
/// the embedded models and synthetic free bodies of 10, 100 and 1,000 muscles (how cost
/// grows with muscle count), and sweep chunks.
///
/// Mallocs are counted per sample: a cold solve (more Newton iterations) counts as many as
/// a warm one and as a re-solve at the equilibrium (no Newton iteration): a Newton
/// iteration allocates nothing; a solve allocates only its result.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .instructions],
        warmupIterations: 10,
        maxDuration: .seconds(2),
        maxIterations: 100_000)
    OpenBLAS.useOneThread()

    var models: [(String, Model)] = []
    for name in ["planar-teaching", "shoulder-girdle"] {
        if let model = try? Catalog.model(named: name) { models.append((name, model)) }
    }
    for count in [10, 100, 1000] {
        models.append(("free body \(count) muscles", SyntheticModels.freeBody(muscles: count)))
    }

    for (name, model) in models {
        Benchmark("\(name): cold solve") { benchmark in
            let solver = try EquilibriumSolver(model: model)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try solver.solve())
            }
        }
        Benchmark("\(name): warm solve") { benchmark in
            // The equilibrium of a neighbouring model: the first muscle 1 % longer.
            let solver = try EquilibriumSolver(model: model)
            let solution = try solver.solve()
            let neighbour = try Scenario.apply([.init(.muscle(model.muscles[0].name), .restLengthScale(1.01))], to: model)
            try solver.setLaw(neighbour.muscles[0].law, forMuscle: 0)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try solver.solve(from: .equilibrium(solution)))
            }
        }
        Benchmark("\(name): re-solve at the equilibrium (one assembly and the stability test)", configuration: .init(scalingFactor: .kilo)) { benchmark in
            // A start at the equilibrium converges at iteration 0: the cost of one
            // assembly, the convergence test and the stability verdict.
            let solver = try EquilibriumSolver(model: model)
            let solution = try solver.solve()
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try solver.solve(from: .equilibrium(solution)))
            }
        }
    }

    // Sweep throughput on one core: one chunk (64 points) of a pectoralis minor ×
    // retractor grid, walked with warm starts as `taut sweep` does (throughput = 64 × 1/time).
    for name in ["planar-tight-pec-minor", "tight-pec-minor"] {
        guard let scenario = try? Catalog.scenario(named: name) else { continue }
        // Hill retractors vary their activation; springs (the teaching model) their stiffness.
        let hillRetractors = scenario.model.muscles.filter { m in
            if case .hill = m.law { return m.group == "retractors" }
            return false
        }
        let second = hillRetractors.isEmpty
            ? SweepAxis(.group("retractors"), .stiffnessScale, from: 0.5, to: 1.5, steps: 8)
            : SweepAxis(.group("retractors"), .activation, from: 0, to: 0.2, steps: 8)
        Benchmark("\(name): sweep chunk of 64 points (warm)") { benchmark in
            let problem = try SweepProblem(
                scenario: scenario,
                axes: [SweepAxis(.muscle("pectoralis_minor"), .restLengthScale, from: 0.7, to: 1.0, steps: 8), second])
            let walker = try SweepWalker(problem: problem)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(walker.solve(points: 0..<64))
            }
        }
    }
}
