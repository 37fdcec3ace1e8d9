import Foundation
import TautCore

/// The `taut bench` table.
public enum BenchTable {
    public static func render(_ results: [SolverTiming]) -> String {
        var t = TextTable(
            ["model", "case", "cold_µs", "warm_µs", "solves/s 1 core", "solves/s all", "threads", "iter cold", "iter warm"],
            leftAligned: [0, 1])
        for r in results {
            t.add([
                r.model, r.caseName, String(format: "%.1f", r.coldSolveSeconds * 1e6), String(format: "%.1f", r.warmSolveSeconds * 1e6),
                String(format: "%.0f", r.solvesPerSecondOneCore), String(format: "%.0f", r.solvesPerSecondAllCores), "\(r.threads)",
                String(format: "%.2f", r.meanIterationsCold), String(format: "%.2f", r.meanIterationsWarm),
            ])
        }
        return t.render()
    }
}
