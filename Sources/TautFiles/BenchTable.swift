import Foundation
import TautCore

/// The `taut bench` table: cold at rest (from the reference pose) and cold displaced
/// (5 mm and 3° from the equilibrium) side by side.
public enum BenchTable {
    public static func render(_ results: [SolverTiming]) -> String {
        var t = TextTable(
            [
                "model", "case", "cold at rest_µs", "cold displaced_µs", "warm_µs", "solves/s 1 core", "solves/s all", "threads",
                "iter at rest", "iter displaced", "iter warm",
            ],
            leftAligned: [0, 1])
        for r in results {
            t.add([
                r.model, r.caseName, String(format: "%.1f", r.coldSolveSeconds * 1e6), String(format: "%.1f", r.coldDisplacedSolveSeconds * 1e6),
                String(format: "%.1f", r.warmSolveSeconds * 1e6),
                String(format: "%.0f", r.solvesPerSecondOneCore), String(format: "%.0f", r.solvesPerSecondAllCores), "\(r.threads)",
                String(format: "%.2f", r.meanIterationsCold), String(format: "%.2f", r.meanIterationsColdDisplaced),
                String(format: "%.2f", r.meanIterationsWarm),
            ])
        }
        return t.render()
    }
}
