import Testing
import TautCore
@testable import TautFiles

/// The teaching model's story, checked against the hand calculation its file states:
/// springs parallel to Z, so shortening pectoralis minor's rest length by d moves the
/// scapula laterally by d·k_pm/Σk and lengthens both retractors by as much.
@Suite struct PlanarTeachingStory {
    let scenario: Scenario
    let solutions: [CaseSolution]
    let report: SolveReport

    init() throws {
        scenario = try #require(try Catalog.scenario(named: "planar-tight-pec-minor"))
        solutions = try scenario.solveAll()
        report = SolveReport(scenario: scenario.name, model: scenario.model.name, solutions: solutions)
    }

    func equilibrium(_ name: String) throws -> Equilibrium {
        try #require(solutions.first { $0.name.hasPrefix(name) }?.equilibrium, "case \(name)")
    }

    func length(_ e: Equilibrium, _ muscle: String) -> Double {
        e.muscles.first { $0.name == muscle }!.length
    }

    @Test func healthyRestsAtTheReferencePose() throws {
        let e = try equilibrium("healthy")
        let d = scenario.model.scapula.referencePose.difference(to: e.pose)
        #expect(d.translation.length < 1e-12 && d.rotation.length < 1e-12)
        for m in e.muscles { #expect(abs(m.tension - 12) < 1e-9, "\(m.name) pulls 12 N") }
    }

    @Test func shortPectoralisMinorMovesTheScapulaByTheHandFormula() throws {
        let healthy = try equilibrium("healthy"), short = try equilibrium("short")
        let model = scenario.model
        var stiffnesses: [String: Double] = [:]
        for m in model.muscles { if case .spring(let s) = m.law { stiffnesses[m.name] = s.stiffness } }
        guard case .spring(let pm) = model.muscles[model.muscleIndex("pectoralis_minor")!].law else { return }
        let d = pm.restLength * (1 - 0.85)
        let expected = d * pm.stiffness / stiffnesses.values.reduce(0, +)
        let moved = short.pose.position - healthy.pose.position
        #expect(abs(moved.z - expected) < 1e-12, "lateral shift \(moved.z) vs \(expected) m")
        #expect(abs(moved.x) < 1e-12 && abs(moved.y) < 1e-12)
        for r in ["rhomboids", "middle_trapezius"] {
            #expect(abs(length(short, r) - length(healthy, r) - expected) < 1e-12)
            #expect(short.muscles.first { $0.name == r }!.state == .taut)
            #expect(healthy.muscles.first { $0.name == r }!.state == .normal)
        }
        // The summary names the overstretched retractors.
        let line = try #require(report.summary().first { $0.hasPrefix("short") })
        #expect(line.contains("rhomboids") && line.contains("middle_trapezius"))
        #expect(!line.contains("pectoralis_minor ("))
    }

    @Test func massageDoesNotRestoreTheRetractorsReleaseDoesStrongBackHelps() throws {
        let healthy = try equilibrium("healthy"), short = try equilibrium("short")
        let massage = try equilibrium("massage"), release = try equilibrium("release"), strong = try equilibrium("strong")
        for r in ["rhomboids", "middle_trapezius"] {
            #expect(length(massage, r) > length(short, r), "relaxing \(r) lets it lengthen further")
            #expect(abs(length(release, r) - length(healthy, r)) < 1e-12, "release restores \(r)")
            #expect(length(strong, r) < length(short, r), "a stronger back shortens \(r)")
        }
        let d = healthy.pose.difference(to: release.pose)
        #expect(d.translation.length < 1e-12 && d.rotation.length < 1e-12)
    }
}
