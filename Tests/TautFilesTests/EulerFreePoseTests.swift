import Foundation
import Testing
import TautCore
@testable import TautFiles

/// The Euler-free pose report: `rotation_matrix` maps scapula points to the thorax as the
/// landmarks' positions say, and `helical_from_baseline_deg` is the rotation vector of
/// R · R_baselineᵀ, which plain differences of ISB angles are not at large protraction.
@Suite struct EulerFreePoseTests {
    @Test func helicalChangeIsTheSingleRotationBetweenPoses() {
        // A pure sagittal tip of 5° about thorax Z after a 36° protraction: the ISB
        // differences smear it over the angles; the helical change is (0, 0, 5°) exactly.
        let base = Pose(position: Vector3(-0.08, 0.01, 0.17), rotation: ISBAngles(protraction: 36, lateralRotation: 4, posteriorTilt: -2).rotation)
        let tipped = Pose(position: base.position, rotation: Rotation.z(5 * .pi / 180) * base.rotation)
        let h = tipped.helicalChange(from: base) * (180 / .pi)
        #expect(abs(h.x) < 1e-12 && abs(h.y) < 1e-12 && abs(h.z - 5) < 1e-12)
        let a0 = ISBAngles(base.rotation), a1 = ISBAngles(tipped.rotation)
        // The Euler differences are not a 5° tilt alone (they mix planes).
        #expect(abs(a1.protraction - a0.protraction) > 0.1 || abs(a1.lateralRotation - a0.lateralRotation) > 0.1)
        // A rotation about an arbitrary axis comes back as angle × axis.
        let axis = Vector3(1, 2, -2) / 3
        let turned = Pose(position: base.position, rotation: Rotation.about(axis, angle: 0.3) * base.rotation)
        let v = turned.helicalChange(from: base)
        #expect((v - axis * 0.3).length < 1e-12)
        #expect(base.helicalChange(from: base).length == 0)
    }

    @Test func jsonPoseCarriesTheMatrixTheHelicalChangeAndLandmarkDisplacements() throws {
        let s = try #require(try Catalog.scenario(named: "tight-pec-minor"))
        let solutions = try s.solveAll()
        let text = SolveReport(scenario: s.name, model: s.model.name, solutions: solutions).render(.json)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let cases = try #require(root["cases"] as? [[String: Any]])
        let baseline = try #require(solutions[0].equilibrium)
        for (c, solution) in zip(cases, solutions) {
            let e = try #require(solution.equilibrium)
            let pose = try #require(c["pose"] as? [String: Any])
            let rows = try #require(pose["rotation_matrix"] as? [[Double]])
            let position = try #require(pose["position_m"] as? [Double])
            // thorax point = position + R · scapula point, for every landmark.
            for (name, p) in s.model.scapula.landmarks {
                let r = rows.map { $0[0] * p.x + $0[1] * p.y + $0[2] * p.z }
                let expected = e.pose.transform(p)
                #expect(abs(position[0] + r[0] - expected.x) < 1e-12 && abs(position[1] + r[1] - expected.y) < 1e-12 && abs(position[2] + r[2] - expected.z) < 1e-12, "\(name)")
            }
            let h = try #require(pose["helical_from_baseline_deg"] as? [Double])
            let expected = e.pose.helicalChange(from: baseline.pose) * (180 / .pi)
            #expect(abs(h[0] - expected.x) < 1e-12 && abs(h[1] - expected.y) < 1e-12 && abs(h[2] - expected.z) < 1e-12)
            let d = try #require(pose["landmark_displacements_m"] as? [String: [Double]])
            #expect(Set(d.keys) == ["AI", "AA"])
            let ai = try #require(s.model.scapula.landmarks["AI"])
            let moved = e.pose.transform(ai) - baseline.pose.transform(ai)
            #expect(abs(d["AI"]![0] - moved.x) < 1e-12 && abs(d["AI"]![2] - moved.z) < 1e-12)
        }
        // The short-pectoralis-minor case moves: its helical change is not zero.
        let short = try #require(cases.first { ($0["name"] as? String)?.contains("short") == true })
        let h = try #require((short["pose"] as? [String: Any])?["helical_from_baseline_deg"] as? [Double])
        #expect(h.map(abs).max()! > 0.5)
    }
}
