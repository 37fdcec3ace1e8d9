import Foundation
import Testing
@testable import TautCore

/// `SolverTiming` (what `taut bench` prints): the displaced cold starts are where they
/// say, and every figure is a finite positive number. Speed itself is never asserted.
@Suite struct SolverTimingTests {
    @Test func displacedStartsAreFiveMillimetresAndThreeDegreesAway() {
        let pose = Pose(position: Vector3(-0.08, 0.01, 0.17), rotation: Rotation.about(Vector3(0, 1, 0), angle: 0.6))
        let starts = SolverTiming.displacedStarts(from: pose)
        #expect(starts.count == SolverTiming.displacedStartCount && starts.count >= 4)
        for s in starts {
            let d = pose.difference(to: s)
            #expect(abs(d.translation.length - 0.005) < 1e-15)
            #expect(abs(d.rotation.length - 3 * Double.pi / 180) < 1e-12)
        }
        // Seeded: the same starts every run; distinct directions within a run.
        #expect(SolverTiming.displacedStarts(from: pose) == starts)
        #expect(SolverTiming.displacedStarts(from: pose, seed: 2) != starts)
        #expect(Set(starts.map { "\($0.position)" }).count == starts.count)
    }

    @Test func everyFigureIsFiniteAndPositiveAndTheDisplacedStartIterates() throws {
        // A model at rest in its reference pose (symmetric springs): the displaced start
        // still has to iterate.
        let model = Fixtures.twoSpringLine(k1: 200, k2: 200, rest1: 0.5, rest2: 0.5)
        for threads in [1, 2] {
            let t = try SolverTiming.measure(model, caseName: "c", duration: 0.01, threads: threads)
            let figures = [t.coldSolveSeconds, t.coldDisplacedSolveSeconds, t.warmSolveSeconds, t.solvesPerSecondOneCore, t.solvesPerSecondAllCores]
            #expect(figures.allSatisfy { $0.isFinite && $0 > 0 }, "\(figures)")
            #expect(t.meanIterationsColdDisplaced > 0)
            #expect(t.meanIterationsColdDisplaced.isFinite && t.meanIterationsCold.isFinite && t.meanIterationsWarm.isFinite)
            #expect(t.threads == threads)
        }
        let girdle = try SolverTiming.measure(Fixtures.girdle(unilateral: true), duration: 0.01, threads: 2)
        #expect(girdle.meanIterationsColdDisplaced > 0 && girdle.coldDisplacedSolveSeconds > 0)
    }
}
