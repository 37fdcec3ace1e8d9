import Foundation
import Testing

@Suite struct BenchCommandTests {
    /// `taut bench`: the displaced cold start beside the at-rest one; every figure finite
    /// and positive (speed itself is not asserted).
    @Test func benchReportsTheDisplacedColdStartBesideTheAtRestOne() throws {
        let r = try Taut.run(["bench", "planar-teaching", "--duration", "0.01", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let results = try #require(json["results"] as? [[String: Any]])
        #expect(results.count == 1)
        let b = results[0]
        for key in ["cold_solve_s", "cold_displaced_solve_s", "warm_solve_s", "solves_per_s_one_core", "solves_per_s_all_cores",
                    "mean_iterations", "mean_iterations_displaced"] {
            let x = try #require(b[key] as? Double, "\(key)")
            #expect(x.isFinite && x > 0, "\(key) = \(x)")
        }
        // planar-teaching rests in its reference pose: the at-rest start needs (almost) no
        // Newton step, the displaced one needs more.
        let atRest = try #require(b["mean_iterations_cold"] as? Double)
        #expect(atRest.isFinite && atRest >= 0 && atRest <= 1)
        #expect((b["mean_iterations_displaced"] as? Double ?? 0) > atRest)
        #expect(b["displacement_mm"] as? Double == 5 && b["displacement_deg"] as? Double == 3)
        #expect(b["model"] as? String == "planar-teaching" && b["threads"] as? Int != nil)

        let table = try Taut.run(["bench", "planar-teaching", "--duration", "0.01", "--threads", "1"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("cold at rest_µs") && table.stdout.contains("cold displaced_µs") && table.stdout.contains("iter displaced"))
    }
}
