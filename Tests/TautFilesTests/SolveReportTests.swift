import Foundation
import Testing
import TautCore
@testable import TautFiles

func teachingReport() throws -> SolveReport {
    let s = try #require(try Catalog.scenario(named: "planar-tight-pec-minor"))
    return SolveReport(scenario: s.name, model: s.model.name, solutions: try s.solveAll())
}

/// docs/DESIGN.md section 4's JSON contract: every documented field, with its type.
@Test func jsonFollowsTheContract() throws {
    let report = try teachingReport()
    let text = report.render(.json)
    let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(root["scenario"] as? String == "planar-tight-pec-minor")
    #expect(root["model"] as? String == "planar-teaching")
    let cases = try #require(root["cases"] as? [[String: Any]])
    #expect(cases.count == 5)
    for c in cases {
        #expect(c["name"] is String)
        #expect(c["converged"] as? Bool == true)
        #expect(c["iterations"] is Int)
        #expect(c["stable"] as? Bool == true)
        let pose = try #require(c["pose"] as? [String: Any])
        #expect((pose["position_m"] as? [Double])?.count == 3)
        let o = try #require(pose["orientation_deg"] as? [String: Double])
        #expect(Set(o.keys) == ["protraction", "lateral_rotation", "posterior_tilt"])
        let muscles = try #require(c["muscles"] as? [[String: Any]])
        #expect(muscles.count == 4)
        for m in muscles {
            for key in ["name", "group", "state"] { #expect(m[key] is String, "\(key)") }
            for key in ["length_m", "rest_length_m", "strain", "tension_n", "delta_tension_n"] { #expect(m[key] is NSNumber, "\(key)") }
            #expect(["slack", "normal", "taut"].contains(m["state"] as? String ?? ""))
        }
        #expect(c["constraints"] is [Any])
    }
    // Values, not just shapes: the baseline's position in metres.
    let first = try #require((cases[0]["pose"] as? [String: Any])?["position_m"] as? [Double])
    #expect(abs(first[2] - 0.10) < 1e-12)
}

@Test func csvHasOneRowPerCaseAndMuscle() throws {
    let csv = try teachingReport().render(.csv)
    let lines = csv.split(separator: "\n")
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false)
    #expect(header.contains("tension_n") && header.contains("strain_pct"))
    let muscleRows = lines.dropFirst().filter { $0.contains(",muscle,") }
    #expect(muscleRows.count == 5 * 4)
    for row in lines.dropFirst() {
        #expect(row.split(separator: ",", omittingEmptySubsequences: false).count == header.count, "\(row)")
    }
}

@Test func tableAndMarkdownCarryUnitsAndNoNaN() throws {
    let report = try teachingReport()
    for format in ReportFormat.allCases {
        let text = report.render(format, width: 200)
        #expect(!text.lowercased().contains("nan"), "\(format)")
        #expect(!text.contains("inf"), "\(format)")
    }
    let table = report.render(.table, width: 200)
    for unit in ["length_mm", "tension_N", "strain_%", "protraction_°", "x_mm"] { #expect(table.contains(unit), "\(unit)") }
    // Wide terminals get the side-by-side comparison; narrow ones do not.
    #expect(table.contains("ε_%"))
    #expect(!report.render(.table, width: 80).contains("ε_%"))
    #expect(report.render(.markdown).contains("|---|"))
}

@Test func aFailedCaseIsReportedNotHidden() throws {
    // A free body with nothing holding it: no equilibrium.
    let free = Model(
        name: "loose", scapula: Scapula(mass: 1, centerOfMass: .zero, referencePose: .identity),
        muscles: [
            Muscle(
                name: "m", group: "g", law: .spring(LinearSpring(stiffness: 10, restLength: 1)),
                path: [PathPoint(body: .thorax, point: Vector3(0, 1, 0)), PathPoint(body: .scapula, point: .zero)])
        ])
    let s = Scenario(name: "loose", model: free, cases: [.init(name: "only")])
    let report = SolveReport(scenario: "loose", model: "loose", solutions: try s.solveAll())
    #expect(!report.allConvergedAndStable)
    let json = report.render(.json)
    #expect(json.contains("\"converged\": false") && json.contains("under-constrained"))
    #expect(report.render(.table).contains("no equilibrium"))
}

/// A case that did not converge reports the Newton iterations it spent (as its message
/// says), in every format.
@Test func aFailedCaseReportsItsIterations() throws {
    let s = try #require(try Catalog.scenario(named: "planar-tight-pec-minor"))
    var solutions = try s.solveAll()
    let failure = EquilibriumError.noConvergence(
        iterations: 17, forceResidual: 0.5, momentResidual: 0.01, constraintViolation: 0, reason: "line search failed")
    solutions[1].outcome = .failure(failure)
    let report = SolveReport(scenario: s.name, model: s.model.name, solutions: solutions)
    #expect(report.cases[1].iterations == 17)
    #expect(report.cases[1].error?.contains("17 iterations") == true, "\(report.cases[1].error ?? "")")
    let json = report.render(.json)
    #expect(json.contains("\"iterations\": 17"), "\(json.prefix(400))")
}

/// Signed one-decimal figures (the Δ columns): a value that rounds to zero reads "+0.0"
/// whatever the sign of its round-off, so tables do not change with the BLAS kernel.
@Test func signedFiguresNeverReadMinusZero() {
    #expect(signedOneDecimal(-1e-17) == "+0.0")
    #expect(signedOneDecimal(-0.049) == "+0.0")
    #expect(signedOneDecimal(0.04) == "+0.0")
    #expect(signedOneDecimal(-0.06) == "-0.1")
    #expect(signedOneDecimal(2.34) == "+2.3")
}
