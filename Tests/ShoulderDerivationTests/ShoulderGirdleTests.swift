import Foundation
import Testing
import TautCore
import TautFiles

@testable import ShoulderDerivation

/// The package root, from this file's path (Tests/ShoulderDerivationTests/…).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let sourcesDirectory = packageRoot.appendingPathComponent("Models/sources").path

/// One derivation shared by the tests (it takes a fraction of a second).
let derived: Result<ShoulderDerivation.Result, Error> = Result { try ShoulderDerivation.derive(sourcesDirectory: sourcesDirectory) }

func committedModel() throws -> Model {
    try #require(try Catalog.model(named: "shoulder-girdle"))
}

@Suite struct DerivationReproducesTheCommittedFiles {
    @Test func modelFileIsWhatTheDerivationProduces() throws {
        let result = try derived.get()
        let committed = try String(contentsOf: packageRoot.appendingPathComponent("Models/shoulder-girdle.yaml"), encoding: .utf8)
        #expect(committed == result.yaml, "Models/shoulder-girdle.yaml is stale: run scripts/derive-shoulder-model")
    }

    @Test func scenarioFileIsWhatTheDerivationProduces() throws {
        let result = try derived.get()
        let committed = try String(
            contentsOf: packageRoot.appendingPathComponent("Models/scenarios/tight-pec-minor.yaml"), encoding: .utf8)
        #expect(committed == result.scenarioYAML, "Models/scenarios/tight-pec-minor.yaml is stale: run scripts/derive-shoulder-model")
    }

    @Test func embeddedModelIsTheCommittedFile() throws {
        let result = try derived.get()
        #expect(try committedModel() == result.model)
    }
}

@Suite struct Geometry {
    /// Every segment with a scapula end stays outside the source's (rotated) thorax wrap
    /// ellipsoid at the reference pose. Checked by dense sampling against the ellipsoid
    /// built here from the raw source numbers, independently of the derivation's closed form.
    @Test func noMuscleSegmentPassesThroughTheThorax() throws {
        let model = try committedModel()
        let sources = try ShoulderSources(directory: sourcesDirectory)
        let wrap = sources.thoraxWrapEllipsoid
        let rotation = wrap.rotation
        func rho(_ x: Vector3) -> Double { ((rotation.transpose * (x - wrap.center)) / wrap.radii).length }
        let pose = model.scapula.referencePose
        var checked = 0
        for m in model.muscles {
            for (a, b) in zip(m.path, m.path.dropFirst()) where a.body == .scapula || b.body == .scapula {
                let pa = a.position(at: pose), pb = b.position(at: pose)
                var smallest = Double.infinity
                for k in 0...2000 { smallest = min(smallest, rho(pa + (pb - pa) * (Double(k) / 2000))) }
                #expect(smallest >= 1 - 1e-9, "\(m.name) passes through the thorax (normalised radius \(smallest))")
                checked += 1
            }
        }
        #expect(checked == model.muscles.count)
        #expect(try derived.get().thoraxWrap.violations(of: model).isEmpty)
    }

    /// Serratus anterior's middle and inferior lines, which the source wraps, get two thorax
    /// via points on the wrap surface; their lines from the scapula touch it there tangentially.
    @Test func wrappedSerratusHasViaPointsOnTheSurface() throws {
        let model = try committedModel()
        let surface = try derived.get().thoraxWrap
        for name in ["serratus_anterior_middle", "serratus_anterior_inferior"] {
            let m = try #require(model.muscles.first { $0.name == name })
            #expect(m.path.count == 4)
            for via in m.path[1...2] {
                #expect(via.body == .thorax)
                #expect(abs(surface.clearance(via.point, via.point) - 1) < 1e-8)
            }
        }
        for m in model.muscles where !m.name.hasPrefix("serratus_anterior_m") && !m.name.hasPrefix("serratus_anterior_i") {
            #expect(m.path.count == 2)
        }
    }

    /// The wrapped path found by the polyline is the shortest: on a sphere it is a great
    /// circle, with tangent points and length known in closed form. (The polyline's chords
    /// make the arc short by about h²/24R² of it, h the vertex spacing: a few µm here.)
    @Test func wrapPathOnASphereMatchesTheClosedForm() throws {
        let r = 0.1
        let start = Vector3(-0.2, 0.01, 0), end = Vector3(0.15, -0.02, 0.005)
        let w = try WrapPath(from: start, to: end, radii: Vector3(r, r, r))
        let t1 = (start.lengthSquared - r * r).squareRoot(), t2 = (end.lengthSquared - r * r).squareRoot()
        let angle = acos(start.dot(end) / (start.length * end.length)) - acos(r / start.length) - acos(r / end.length)
        #expect(abs(w.wrappedLength - (t1 + t2 + r * angle)) < 1e-5)
        // The tangent point seen from `start`: in the plane of start, end and the centre,
        // at angle acos(r/|start|) from start's direction towards end.
        let u = start / start.length
        let v = (end - u * end.dot(u)) / (end - u * end.dot(u)).length
        let a = acos(r / start.length)
        let expected = (u * cos(a) + v * sin(a)) * r
        #expect((w.tangentStart - expected).length < 1e-7)
        let ue = end / end.length
        let ve = (start - ue * start.dot(ue)) / (start - ue * start.dot(ue)).length
        let ae = acos(r / end.length)
        #expect((w.tangentEnd - (ue * cos(ae) + ve * sin(ae)) * r).length < 1e-7)
    }
}

@Suite struct Baseline {
    @Test func toneActivationsAreBetweenTheFloorAndOne() throws {
        let model = try committedModel()
        for m in model.muscles {
            guard case .hill(let h) = m.law else {
                Issue.record("\(m.name) is not a Hill muscle")
                continue
            }
            #expect(h.activation >= ShoulderDerivation.toneFloor && h.activation <= 1, "\(m.name): \(h.activation)")
        }
    }

    /// The healthy equilibrium is the reference pose, converged, stable, both contacts pushing.
    @Test func healthyEquilibriumIsTheReferencePose() throws {
        let model = try committedModel()
        let e = try EquilibriumSolver(model: model).solve()
        let (dp, dr) = model.scapula.referencePose.difference(to: e.pose)
        #expect(dp.length < 1e-6)  // m (the rule makes it exact; a few mm would be acceptable)
        #expect(dr.length * 180 / .pi < 1e-4)  // degrees
        #expect(e.forceResidual <= 1e-9 && e.momentResidual <= 1e-9 && e.constraintViolation <= 1e-12)
        #expect(e.stability.isStable)
        for (c, reaction) in zip(model.constraints, e.constraints) {
            guard case .ellipsoid(let center, let radii, _) = c.kind else { continue }
            #expect(reaction.active && !reaction.pulls, "\(c.name) lifts off")
            let x = e.pose.transform(c.bodyPoint)
            let outward = Ellipsoid(center: center, radii: radii).radialDistance(x).gradient
            #expect(reaction.force.dot(outward) > 1, "\(c.name) must push the scapula off the thorax")
        }
    }

    /// Every muscle sits at normalised fibre length 1 at the reference pose, where Thelen's
    /// passive curve starts with a finite slope (a jump in stiffness). Which side of it the
    /// round-off puts a muscle on must not decide stability: with every tendon slack length
    /// 1 nm longer (passive stiffness off for all) or shorter (on for all) the equilibrium
    /// stays at the reference pose and is stable.
    @Test func baselineIsStableOnBothSidesOfThePassiveKink() throws {
        let model = try committedModel()
        for shift in [1e-9, -1e-9] {
            var shifted = model
            for i in shifted.muscles.indices {
                guard case .hill(var h) = shifted.muscles[i].law else { continue }
                h.tendonSlackLength = max(0, h.tendonSlackLength + shift)
                shifted.muscles[i].law = .hill(h)
            }
            let e = try EquilibriumSolver(model: shifted).solve()
            #expect(e.stability.isStable, "shift \(shift) m: eigenvalues \(e.stability.eigenvalues)")
            #expect((e.pose.position - model.scapula.referencePose.position).length < 1e-6)
        }
    }
}

@Suite struct TightPecMinorStory {
    struct Solved {
        var cases: [String: Equilibrium]
        var report: SolveReport
        func muscle(_ c: String, _ m: String) -> MuscleState { cases[c]!.muscles.first { $0.name == m }! }
    }

    static func solve() throws -> Solved {
        let scenario = try #require(try Catalog.scenario(named: "tight-pec-minor"))
        let solutions = try scenario.solveAll()
        var cases: [String: Equilibrium] = [:]
        for s in solutions {
            let e = try #require(s.equilibrium, "case '\(s.name)' did not converge")
            #expect(e.stability.isStable, "case '\(s.name)' is unstable")
            cases[s.name] = e
        }
        #expect(solutions.map(\.name) == ["healthy", ShoulderDerivation.shortCaseName, "massage the knot", "release pectoralis minor", "strong back"])
        return Solved(cases: cases, report: SolveReport(scenario: scenario.name, model: scenario.model.name, solutions: solutions))
    }

    static let retractors = ["rhomboid_minor", "rhomboid_major", "middle_trapezius"]

    @Test func story() throws {
        let s = try Self.solve()
        let short = ShoulderDerivation.shortCaseName
        let healthy = s.cases["healthy"]!

        // A short pectoralis minor protracts the scapula and lengthens a retractor.
        let protraction = ISBAngles(s.cases[short]!.pose.rotation).protraction - ISBAngles(healthy.pose.rotation).protraction
        #expect(protraction > 0.5, "protraction change \(protraction)°")
        let stretched = Self.retractors.filter { s.muscle(short, $0).strain > s.muscle("healthy", $0).strain + 0.005 }
        #expect(!stretched.isEmpty)
        let summary = s.report.summary().first { $0.hasPrefix(short) } ?? ""
        #expect(stretched.contains { summary.contains($0) }, "the summary names an overstretched retractor: \(summary)")

        // Relaxing them (massage) does not bring their length back.
        for m in stretched {
            #expect(s.muscle("massage the knot", m).length >= s.muscle(short, m).length, "\(m) shortened by massage")
        }

        // Releasing pectoralis minor restores the healthy equilibrium.
        let (dp, dr) = healthy.pose.difference(to: s.cases["release pectoralis minor"]!.pose)
        #expect(dp.length < 1e-9 && dr.length < 1e-9)
        for m in healthy.muscles {
            #expect(abs(s.muscle("release pectoralis minor", m.name).length - m.length) < 1e-9)
        }

        // A stronger back reduces the overstretch.
        for m in stretched {
            #expect(s.muscle("strong back", m).strain < s.muscle(short, m).strain, "\(m) not relieved by a stronger back")
        }
    }

    /// The strong-back case raises each retractor by the stated increment over its tone.
    @Test func strongBackIsToneplusTheIncrement() throws {
        let scenario = try #require(try Catalog.scenario(named: "tight-pec-minor"))
        let strong = try scenario.model(forCase: "strong back")
        for m in scenario.model.muscles where m.group == "retractors" {
            guard case .hill(let base) = m.law, case .hill(let raised) = strong.muscles[strong.muscleIndex(m.name)!].law else { continue }
            #expect(abs(raised.activation - base.activation - ShoulderDerivation.strongBackIncrement) < 1e-12)
        }
    }

    /// Tilt (reported, not forced): the angulus-inferior contact stays pressed in the short
    /// case, so a unilateral and a bilateral contact give the same equilibrium. If this
    /// fails, the README's account of the tilt prediction must be revisited.
    @Test func shortCaseKeepsTheInferiorAngleOnTheThorax() throws {
        let bilateral = try ShoulderDerivation.derive(sourcesDirectory: sourcesDirectory, options: .init(unilateralTS: true, unilateralAI: false))
        let unilateral = try committedModel()
        let change = [Scenario.Change(.muscle("pectoralis_minor"), .restLengthScale(ShoulderDerivation.shortPecMinorScale))]
        let u = try EquilibriumSolver(model: try Scenario.apply(change, to: unilateral)).solve()
        let b = try EquilibriumSolver(model: try Scenario.apply(change, to: bilateral.model)).solve()
        let ai = try #require(u.constraints.first { $0.name == "ai_glide" })
        #expect(ai.active && !ai.pulls)
        #expect((u.pose.position - b.pose.position).length < 1e-9)
        #expect(Rotation.log(u.pose.rotation * b.pose.rotation.transpose).length < 1e-9)
    }
}

@Suite struct LeastDistanceSolver {
    /// min ‖y‖ subject to y₁ + y₂ ≥ 2 and y₁ ≥ 1.5: the answer is (1.5, 0.5).
    @Test func smallProblem() throws {
        var g = DenseMatrix(rows: 2, columns: 2)
        g[0, 0] = 1
        g[0, 1] = 1
        g[1, 0] = 1
        let y = try leastDistance(g, [2, 1.5])
        #expect(abs(y[0] - 1.5) < 1e-12 && abs(y[1] - 0.5) < 1e-12)
    }

    @Test func inconsistentConstraintsAreAnError() throws {
        var g = DenseMatrix(rows: 2, columns: 1)
        g[0, 0] = 1
        g[1, 0] = -1
        #expect(throws: SourceError.self) { try leastDistance(g, [1, 1]) }
    }
}
