import ArgumentParser
import Foundation
import TautCore
import TautFiles
import TautTerminal

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time the solver: cold and warm solves, one core and all cores.",
        discussion: """
            Without arguments, every embedded model. A scenario is timed case by case. Cold \
            at rest: from the reference pose (for a calibrated model already its equilibrium). \
            Cold displaced: from poses 5 mm and 3° from the equilibrium, in seeded directions \
            (the cost of a real cold start). Warm: from the equilibrium of the same model with \
            its first muscle’s rest length 1 % longer (one step of a sweep). Times are \
            medians; solves/s are warm solves, each thread timed from when it starts solving.
            """)

    @Argument(help: "Models or scenarios: embedded names or files (default: every embedded model).")
    var inputs: [String] = []

    @Option(help: "Output format: table or json.")
    var format: String = "table"

    @Option(help: "Seconds per measurement.")
    var duration: Double = 0.2

    @Option(help: "Threads for the all-cores figure (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard ["table", "json"].contains(format) else { throw ValidationError("--format must be table or json") }
        guard duration > 0, duration <= 3600 else { throw ValidationError("--duration must be more than 0 and at most 3600 seconds") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        var jobs: [(model: Model, caseName: String)] = []
        let names = inputs.isEmpty ? Catalog.models.map(\.name) : inputs
        for name in names {
            let s = try inputOrExit { try Catalog.loadScenario(name) }
            for c in s.cases { jobs.append((try inputOrExit { try s.model(forCase: c.name) }, c.name)) }
        }
        var results: [SolverTiming] = []
        var failed = false
        for job in jobs {
            do {
                results.append(try SolverTiming.measure(job.model, caseName: job.caseName, duration: duration, threads: threads))
            } catch {
                printError("taut: \(job.model.name) / \(job.caseName): \(error)")
                failed = true
            }
        }
        if format == "json" {
            let json = JSON.object([("results", .array(results.map { r in
                .object([
                    ("model", .string(r.model)), ("case", .string(r.caseName)),
                    ("cold_solve_s", .number(r.coldSolveSeconds)), ("warm_solve_s", .number(r.warmSolveSeconds)),
                    ("cold_displaced_solve_s", .number(r.coldDisplacedSolveSeconds)),
                    ("solves_per_s_one_core", .number(r.solvesPerSecondOneCore)),
                    ("solves_per_s_all_cores", .number(r.solvesPerSecondAllCores)),
                    ("mean_iterations", .number(r.meanIterationsWarm)),
                    ("mean_iterations_cold", .number(r.meanIterationsCold)),
                    ("mean_iterations_displaced", .number(r.meanIterationsColdDisplaced)),
                    ("displacement_mm", .number(SolverTiming.displacement.translation * 1000)),
                    ("displacement_deg", .number(SolverTiming.displacement.rotation * 180 / .pi)),
                    ("threads", .int(r.threads)),
                ])
            }))])
            try write(json.serialized(pretty: true) + "\n", to: nil)
        } else {
            try write(BenchTable.render(results) + "\n", to: nil)
        }
        if failed { throw ExitCode(1) }
    }
}
