import Foundation
import Testing
@testable import TautCore

/// Sweeps: what each grid point's model is, warm starts against cold solves, failed
/// points, and the threaded runner's order, determinism and stopping.
@Suite struct SweepSolveTests {
    /// The teaching model of Models/planar-teaching.yaml: four springs on the Z line.
    static func teaching() -> Model {
        func spring(_ name: String, _ group: String, k: Double, rest: Double, _ ground: Vector3, _ local: Vector3) -> Muscle {
            Muscle(
                name: name, group: group, law: .spring(LinearSpring(stiffness: k, restLength: rest)),
                path: [PathPoint(body: .thorax, point: ground), PathPoint(body: .scapula, point: local)])
        }
        return Model(
            name: "planar-teaching", gravity: .zero,
            scapula: Scapula(mass: 0.5, centerOfMass: .zero, referencePose: Pose(position: Vector3(-0.06, 0, 0.10), rotation: .identity)),
            muscles: [
                spring("pectoralis_minor", "protractors", k: 600, rest: 0.08, Vector3(-0.06, 0, 0.24), Vector3(0, 0, 0.04)),
                spring("serratus_anterior", "protractors", k: 500, rest: 0.096, Vector3(-0.06, 0, 0.24), Vector3(0, 0, 0.02)),
                spring("rhomboids", "retractors", k: 600, rest: 0.08, Vector3(-0.06, -0.02, -0.06), Vector3(0, -0.02, -0.06)),
                spring("middle_trapezius", "retractors", k: 600, rest: 0.08, Vector3(-0.06, 0.02, -0.06), Vector3(0, 0.02, -0.06)),
            ],
            tautStrain: 0.27)
    }

    static func teachingScenario() -> Scenario {
        Scenario(
            name: "s", model: teaching(),
            cases: [
                .init(name: "healthy"),
                .init(name: "short", changes: [.init(.muscle("pectoralis_minor"), .restLengthScale(0.85))]),
            ])
    }

    static func collect(_ runner: SweepRunner, threads: Int, window: Int? = nil) throws -> (rows: [String], run: SweepRunner.Run) {
        var rows: [String] = []
        var order: [Int] = []
        let chunks = 0..<SweepChunks.count(points: runner.problem.grid.count)
        let run = try runner.run(
            chunks: chunks, threads: threads, window: window,
            render: { points in
                points.map { p in
                    guard let e = p.equilibrium else { return "\(p.index) failed" }
                    let x = e.pose.position
                    return "\(p.index) \(x.x) \(x.y) \(x.z) \(e.pose.rotation) \(e.iterations) \(e.muscles.map(\.tension))"
                }
            },
            emit: { chunk, payload, _ in
                order.append(chunk)
                rows += payload
            })
        #expect(order == Array(chunks.prefix(order.count)), "chunks emitted in order")
        return (rows, run)
    }

    @Test func eachPointIsTheCaseWithTheAxesSetFromTheModelsOwnValues() throws {
        let s = Self.teachingScenario()
        let problem = try SweepProblem(
            scenario: s, caseName: "short",
            axes: [
                SweepAxis(.muscle("pectoralis_minor"), .restLengthScale, from: 0.9, to: 1.0, steps: 2),
                SweepAxis(.group("retractors"), .stiffnessScale, from: 0.5, to: 2, steps: 3),
            ])
        #expect(problem.caseName == "short")
        let walker = try SweepWalker(problem: problem)
        for i in 0..<problem.grid.count {
            let model = try problem.model(at: i)
            let values = problem.grid.values(at: i)
            guard case .spring(let pec) = model.muscles[0].law, case .spring(let rh) = model.muscles[2].law,
                case .spring(let tr) = model.muscles[3].law
            else { Issue.record("laws"); return }
            // Never cumulative: 1.0 restores the model's rest length although the case shortened it.
            #expect(pec.restLength == 0.08 * values[0])
            #expect(rh.stiffness == 600 * values[1] && tr.stiffness == 600 * values[1])
            // The solver's laws after the walker sets point i equal Scenario.apply's.
            _ = walker.solvePoint(i, from: .reference)
            #expect(walker.solver.model.muscles == model.muscles)
        }
        // Without a case name: the baseline.
        let base = try SweepProblem(scenario: s, axes: [SweepAxis(.muscle("rhomboids"), .stiffnessScale, from: 1, to: 1, steps: 1)])
        #expect(base.caseName == "healthy")
    }

    @Test func badAxesAreInvalidParameters() {
        let s = Self.teachingScenario()
        func rejects(_ axes: [SweepAxis], case name: String? = nil, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
            do {
                _ = try SweepProblem(scenario: s, caseName: name, axes: axes)
                Issue.record("accepted \(axes)", sourceLocation: sourceLocation)
            } catch let EquilibriumError.invalidParameter(field, message) {
                #expect("\(field): \(message)".contains(text), "\(field): \(message)", sourceLocation: sourceLocation)
            } catch {
                Issue.record("\(error)", sourceLocation: sourceLocation)
            }
        }
        rejects([], "at least one axis")
        rejects([SweepAxis(.muscle("nobody"), .restLengthScale, from: 1, to: 2, steps: 2)], "no muscle named 'nobody'")
        rejects([SweepAxis(.group("nothing"), .restLengthScale, from: 1, to: 2, steps: 2)], "no muscle or group named 'nothing'")
        rejects([SweepAxis(.muscle("rhomboids"), .restLengthScale, from: 1, to: 2, steps: 0)], "steps must be at least 1")
        rejects([SweepAxis(.muscle("rhomboids"), .activation, from: 0, to: 1, steps: 2)], "activation applies to hill muscles")
        rejects([SweepAxis(.group("retractors"), .activation, from: 0, to: 1, steps: 2)], "is a spring")
        rejects([SweepAxis(.muscle("rhomboids"), .restLengthScale, from: 0, to: 1, steps: 2)], "rest_length_scale must be between 0.001 and 1000 (not 0)")
        rejects([SweepAxis(.muscle("rhomboids"), .stiffnessScale, from: -1, to: 1, steps: 2)], "stiffness_scale must be 0 or between 0.001 and 1000 (not -1)")
        rejects([SweepAxis(.muscle("rhomboids"), .restLengthScale, from: .nan, to: 1, steps: 2)], "finite")
        let a = SweepAxis(.muscle("rhomboids"), .restLengthScale, from: 0.9, to: 1, steps: 2)
        rejects([a, a], "twice")
        rejects([a], case: "nope", "no case named 'nope'")
    }

    /// A warm start finds the same equilibrium as a cold solve (poses within 1e-9 m)
    /// on a nonlinear model: Hill muscles, a clavicle strut and thorax contacts.
    @Test func warmStartsChangeNoResultBeyondTolerance() throws {
        let s = Scenario(name: "girdle", model: Fixtures.girdle(), cases: [.init(name: "base")])
        let problem = try SweepProblem(
            scenario: s,
            axes: [
                SweepAxis(.muscle("pec_minor"), .restLengthScale, from: 0.85, to: 1.0, steps: 4),
                SweepAxis(.group("retractors"), .activation, from: 0.03, to: 0.3, steps: 3),
            ])
        let warm = try SweepWalker(problem: problem).solve(points: 0..<problem.grid.count)
        let cold = try SweepWalker(problem: problem, cold: true).solve(points: 0..<problem.grid.count)
        var warmIterations = 0, coldIterations = 0
        for (w, c) in zip(warm, cold) {
            let we = try #require(w.equilibrium, "point \(w.index): \(w.outcome)")
            let ce = try #require(c.equilibrium)
            // An independent cold solve of Scenario.apply's model for the point.
            let fresh = try EquilibriumSolver(model: try problem.model(at: w.index)).solve()
            for e in [ce, fresh] {
                let d = we.pose.difference(to: e.pose)
                #expect(d.translation.length <= 1e-9, "point \(w.index): \(d.translation.length) m")
                #expect(d.rotation.length * 0.1 <= 1e-9, "point \(w.index): \(d.rotation.length) rad")
                for (a, b) in zip(we.muscles, e.muscles) { #expect(abs(a.tension - b.tension) <= 1e-6 * max(1, abs(b.tension))) }
            }
            warmIterations += w.iterations
            coldIterations += c.iterations
        }
        // Warm starts are what make sweeps fast: fewer Newton iterations.
        #expect(warmIterations < coldIterations, "warm \(warmIterations) vs cold \(coldIterations)")
    }

    /// Retractors with no stiffness leave the scapula free: that point is a failure row,
    /// and the sweep goes on (the next point starts cold, its neighbour having failed).
    @Test func aFailedPointIsARowAndTheSweepContinues() throws {
        let problem = try SweepProblem(
            scenario: Self.teachingScenario(),
            axes: [
                SweepAxis(.muscle("pectoralis_minor"), .restLengthScale, from: 0.9, to: 1.0, steps: 2),
                SweepAxis(.group("retractors"), .stiffnessScale, from: 0, to: 1, steps: 3),
            ])
        let runner = SweepRunner(problem: problem)
        let (rows, run) = try Self.collect(runner, threads: 2)
        #expect(run.completed)
        #expect(rows.count == 6)
        #expect(rows[0] == "0 failed" && rows[3] == "3 failed")
        #expect(!rows[1].contains("failed") && !rows[2].contains("failed") && !rows[4].contains("failed"))
        #expect(run.statistics.points == 6 && run.statistics.converged == 4 && run.statistics.failed == 2)

        let points = try SweepWalker(problem: problem).solve(points: 0..<6)
        guard case .failure(let error) = points[0].outcome else { Issue.record("point 0 converged"); return }
        #expect(String(describing: error).contains("under-constrained") || String(describing: error).contains("no convergence"))
    }

    /// A point whose warm start fails is retried cold before it is declared failed.
    @Test func aFailedWarmStartIsRetriedCold() throws {
        let problem = try SweepProblem(
            scenario: Self.teachingScenario(),
            axes: [SweepAxis(.muscle("pectoralis_minor"), .restLengthScale, from: 0.9, to: 1.0, steps: 2)])
        // No Newton step allowed: only a start that already is the equilibrium succeeds.
        // Point 1 is the healthy model, whose equilibrium is the reference pose.
        var options = SolverOptions()
        options.maxIterations = 0
        let walker = try SweepWalker(problem: problem, options: options)
        let good = try #require(walker.solvePoint(1, from: .reference).equilibrium)
        var bad = good
        bad.pose.position = bad.pose.position + Vector3(0, 0, 0.05)
        let p = walker.solvePoint(1, from: .equilibrium(bad))
        #expect(p.retriedCold && p.equilibrium != nil)
        let q = walker.solvePoint(1, from: .equilibrium(good))
        #expect(!q.retriedCold && q.equilibrium != nil)
        // Point 0 fails both ways: a failed row, marked as retried.
        let r = walker.solvePoint(0, from: .equilibrium(bad))
        #expect(r.retriedCold && r.equilibrium == nil)
    }

    @Test func outputIsTheSameForAnyThreadCount() throws {
        let problem = try SweepProblem(
            scenario: Self.teachingScenario(),
            axes: [
                SweepAxis(.muscle("pectoralis_minor"), .restLengthScale, from: 0.6, to: 1.3, steps: 13),
                SweepAxis(.muscle("serratus_anterior"), .stiffnessScale, from: 0.2, to: 1.5, steps: 11),
                SweepAxis(.group("retractors"), .restLengthScale, from: 0.9, to: 1.1, steps: 3),
            ])
        #expect(problem.grid.count == 429)
        let (one, runOne) = try Self.collect(SweepRunner(problem: problem), threads: 1)
        #expect(one.count == 429 && runOne.completed)
        #expect(one.enumerated().allSatisfy { $0.element.hasPrefix("\($0.offset) ") })
        for (threads, window) in [(2, nil), (3, nil), (3, 1), (8, 2)] as [(Int, Int?)] {
            let (rows, run) = try Self.collect(SweepRunner(problem: problem), threads: threads, window: window)
            #expect(rows == one, "threads \(threads)")
            #expect(run.statistics == runOne.statistics)
        }
    }

    @Test func aStoppedRunEmitsEveryChunkItFinishedInOrder() throws {
        let problem = try SweepProblem(
            scenario: Self.teachingScenario(),
            axes: [SweepAxis(.muscle("pectoralis_minor"), .restLengthScale, from: 0.6, to: 1.3, steps: 2000)])
        let runner = SweepRunner(problem: problem)
        var emitted: [Int] = []
        let run = try runner.run(
            chunks: 0..<SweepChunks.count(points: 2000), threads: 3,
            render: { $0.map(\.index) },
            emit: { chunk, indices, _ in
                #expect(indices == Array(SweepChunks.points(ofChunk: chunk, totalPoints: 2000)))
                emitted.append(chunk)
                if chunk == 2 { runner.stop() }
            })
        #expect(!run.completed)
        #expect(emitted == Array(0..<run.nextChunk))
        #expect(run.nextChunk >= 3 && run.nextChunk < SweepChunks.count(points: 2000))
        #expect(run.statistics.points == run.nextChunk * 64)
    }

    @Test func anEmitErrorStopsTheRunAndIsRethrown() throws {
        struct Full: Error {}
        let problem = try SweepProblem(
            scenario: Self.teachingScenario(),
            axes: [SweepAxis(.muscle("pectoralis_minor"), .restLengthScale, from: 0.6, to: 1.3, steps: 1000)])
        #expect(throws: Full.self) {
            _ = try SweepRunner(problem: problem).run(
                chunks: 0..<16, threads: 2, render: { $0.count }, emit: { chunk, _, _ in if chunk == 1 { throw Full() } })
        }
    }
}
