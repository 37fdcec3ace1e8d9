import Foundation
import Testing

/// `taut lengths` end to end, through the built binary.
@Suite struct LengthsCommandTests {
    static let reference = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TautFilesTests/OpenSimReference")
    static let header = "name,x_m,y_m,z_m,protraction_deg,lateral_rotation_deg,posterior_tilt_deg"

    /// The OpenSim reference poses on the straight-line model: one row per pose and muscle,
    /// every number finite and round-tripping, the lengths OpenSim's where it does not wrap.
    @Test func lengthsAtTheOpenSimReferencePoses() throws {
        let dir = try temporaryDirectory()
        let out = dir.appendingPathComponent("lengths.csv")
        let r = try Taut.run([
            "lengths", Self.reference.appendingPathComponent("thoracoscapular-straight.yaml").path,
            "--poses", Self.reference.appendingPathComponent("thoracoscapular-poses.csv").path, "--output", out.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines[0] == "pose,muscle,length_m,dl_dx,dl_dy,dl_dz,dl_drx,dl_dry,dl_drz")
        var taut: [String: Double] = [:]
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(f.count == 9, "\(line)")
            let numbers = f[2...].compactMap(Double.init)
            #expect(numbers.count == 7 && numbers.allSatisfy(\.isFinite), "\(line)")
            #expect(zip(f[2...], numbers).allSatisfy { "\($1)" == $0 }, "not round-trip text: \(line)")
            taut["\(f[0]) \(f[1])"] = numbers[0]
        }
        let table = try String(contentsOf: Self.reference.appendingPathComponent("thoracoscapular-lengths.csv"), encoding: .utf8)
        var compared = 0
        for line in table.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("pose,") {
            let f = line.split(separator: ",").map(String.init)
            let (pose, muscle, length, wraps) = (f[0], f[6], Double(f[7])!, f[8] == "true")
            let l = try #require(taut["\(pose) \(muscle)"])
            if !wraps {
                #expect(abs(l - length) <= 0.05e-3, "\(pose) \(muscle)")
                compared += 1
            }
        }
        #expect(compared > 500)
        #expect(taut.count == lines.count - 1)
    }

    /// A translation of the whole pose changes a length by the dot product of the
    /// translational derivatives (to first order): the printed derivatives are the lengths'.
    @Test func derivativesPredictTheLengthsAtANeighbouringPose() throws {
        let dir = try temporaryDirectory()
        let poses = dir.appendingPathComponent("p.csv")
        let h = 1e-6
        try "\(Self.header)\nrest,-0.078,0.013,0.172,36.5,3.6,-1.8\nmoved,\(-0.078 + h),\(0.013 - h),\(0.172 + h),36.5,3.6,\(-1.8 + h * 180 / Double.pi)\n"
            .write(to: poses, atomically: true, encoding: .utf8)
        let r = try Taut.run(["lengths", "shoulder-girdle", "--poses", poses.path])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        let rest = rows.filter { $0[0] == "rest" }, moved = rows.filter { $0[0] == "moved" }
        #expect(rest.count == 10 && moved.count == 10)
        for (a, b) in zip(rest, moved) {
            let d = a[2...].map { Double($0)! }
            // Posterior tilt is the last of the Y-X-Z sequence: a rotation about the scapula's
            // own Z axis, R·Rz(h) = exp(h R ez)·R, i.e. about the thorax-frame vector R ez.
            let predicted = d[0] + h * (d[1] - d[2] + d[3])
            let tiltAxis = Self.rotationZColumn(protraction: 36.5, lateral: 3.6, tilt: -1.8)
            let withTilt = predicted + h * (d[4] * tiltAxis.0 + d[5] * tiltAxis.1 + d[6] * tiltAxis.2)
            #expect(abs(Double(b[2])! - withTilt) <= 1e-10, "\(a[1])")
        }
    }

    /// The third column of R = Ry(a) Rx(−b) Rz(c): the scapula Z axis in thorax axes.
    static func rotationZColumn(protraction a: Double, lateral b: Double, tilt _: Double) -> (Double, Double, Double) {
        let d = Double.pi / 180
        let (ca, sa, cb, sb) = (cos(a * d), sin(a * d), cos(-b * d), sin(-b * d))
        // Ry(a) Rx(β) ez = Ry(a) (0, −sin β, cos β) = (sin a cos β, −sin β, cos a cos β).
        return (sa * cb, -sb, ca * cb)
    }

    @Test func badPosesExitTwoNamingFileLineAndColumn() throws {
        let dir = try temporaryDirectory()
        let poses = dir.appendingPathComponent("bad.csv")
        try "\(Self.header)\nok,-0.078,0.013,0.172,36.5,3.6,-1.8\nbad,-0.078,0.013,1e400,36.5,3.6,-1.8\n".write(to: poses, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out.csv")
        let r = try Taut.run(["lengths", "shoulder-girdle", "--poses", poses.path, "--output", out.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.csv:3: z_m:") && r.stderr.contains("not a finite number"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stdout.isEmpty && !FileManager.default.fileExists(atPath: out.path))

        let missing = try Taut.run(["lengths", "shoulder-girdle", "--poses", dir.appendingPathComponent("none.csv").path])
        #expect(missing.status == 2 && missing.stderr.contains("none.csv"))
        let noPoses = try Taut.run(["lengths", "shoulder-girdle"])
        #expect(noPoses.status == 2 && noPoses.stderr.contains("--poses"))
        let noModel = try Taut.run(["lengths", dir.appendingPathComponent("none.yaml").path, "--poses", poses.path])
        #expect(noModel.status == 2 && noModel.stderr.contains("none.yaml"))
    }

    /// A pose that puts a scapula path point on a thorax point has no derivatives there:
    /// refused (exit 2, the pose's line named), never printed as nan.
    @Test func aPoseWithCoincidentPathPointsIsRefused() throws {
        let dir = try temporaryDirectory()
        let model = dir.appendingPathComponent("m.yaml")
        try """
            name: m
            scapula:
              mass: 0.5
              center_of_mass: [0, -0.05, -0.05]
              reference_pose: {position: [-0.07, 0.02, 0.17], orientation_deg: {protraction: 0, lateral_rotation: 0, posterior_tilt: 0}}
            muscles:
              - {name: m1, group: g, law: spring, stiffness: 100, rest_length: 0.1, path: [{body: thorax, point: [0.0, -0.1, 0.1]}, {body: scapula, point: [0.02, -0.03, -0.02]}]}
            """.write(to: model, atomically: true, encoding: .utf8)
        let poses = dir.appendingPathComponent("p.csv")
        // The scapula point (0.02, −0.03, −0.02) at identity orientation and position
        // (−0.02, −0.07, 0.12) lands on the thorax point (0, −0.1, 0.1).
        try "\(Self.header)\nfine,-0.07,0.02,0.17,0,0,0\nthrough,-0.02,-0.07,0.12,0,0,0\n".write(to: poses, atomically: true, encoding: .utf8)
        let r = try Taut.run(["lengths", model.path, "--poses", poses.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("p.csv:3: name: pose 'through': muscle 'm1'"), "\(r.stderr)")
        #expect(!r.stdout.contains("nan") && r.stdout.isEmpty)
    }
}
