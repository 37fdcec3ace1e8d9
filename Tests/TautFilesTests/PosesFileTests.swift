import Foundation
import Testing
import TautCore
@testable import TautFiles

/// The reader of `taut lengths --poses` files (`PosesFile`).
@Suite struct PosesFileTests {
    static let header = "name,x_m,y_m,z_m,protraction_deg,lateral_rotation_deg,posterior_tilt_deg"

    @Test func readsPosesInAnyColumnOrderWithCommentsAndQuotes() throws {
        let text = "# poses\nposterior_tilt_deg,name,x_m,y_m,z_m,protraction_deg,lateral_rotation_deg\n-8,rest,-0.076,0.024,0.172,36.6,-1.1\n\n2,\"a, b\",0,0,0.1,0,0\n"
        let f = try PosesFile.parse(text, file: "p.csv")
        #expect(f.entries.map(\.name) == ["rest", "a, b"])
        #expect(f.entries.map(\.line) == [3, 5])
        let rest = f.entries[0]
        #expect(rest.pose.position == Vector3(-0.076, 0.024, 0.172))
        #expect(rest.angles == ISBAngles(protraction: 36.6, lateralRotation: -1.1, posteriorTilt: -8))
        #expect(rest.pose.rotation == rest.angles.rotation)
    }

    /// Each refusal: one line naming the file, the line and the column.
    @Test(arguments: [
        ("name,x_m,y_m,z_m,protraction_deg,lateral_rotation_deg\n", "p.csv:1: posterior_tilt_deg: missing column"),
        (header + ",extra\n", "p.csv:1: extra: unknown column"),
        ("name,name,x_m,y_m,z_m,protraction_deg,lateral_rotation_deg,posterior_tilt_deg\n", "p.csv:1: name: duplicate column"),
        (header + "\na,0,0,0.1,0,0,nan\n", "p.csv:2: posterior_tilt_deg: 'nan' is not a finite number"),
        (header + "\na,0,0,0.1,inf,0,0\n", "p.csv:2: protraction_deg: 'inf' is not a finite number"),
        (header + "\na,0,zero,0.1,0,0,0\n", "p.csv:2: y_m: 'zero' is not a number"),
        (header + "\na,0,0,0.1,0,361,0\n", "p.csv:2: lateral_rotation_deg: must be between -360 and 360 degrees (not 361)"),
        (header + "\na,2,0,0,0,0,0\n", "p.csv:2: x_m,y_m,z_m: the position must lie between 0 and 1 m from the thorax origin (not 2)"),
        (header + "\na,0,0,0.1,0,0,0\n\n# c\na,0,0,0.1,0,0,0\n", "p.csv:5: name: duplicate pose name 'a' (first on line 2)"),
        (header + "\n ,0,0,0.1,0,0,0\n", "p.csv:2: name: a pose needs a name"),
        (header + "\na,0,0,0.1,0,0\n", "p.csv:2: the row has 6 fields, the header 7"),
        (header + "\n", "p.csv:1: no poses after the header"),
        ("# nothing\n", "p.csv: the file is empty"),
    ])
    func refusesBadInputNamingLineAndColumn(_ text: String, _ message: String) {
        do {
            _ = try PosesFile.parse(text, file: "p.csv")
            Issue.record("accepted: \(text)")
        } catch let e as InputError {
            #expect(e.description.hasPrefix(message), "\(e)")
            #expect(!e.description.contains("\n"))
        } catch {
            Issue.record("not an InputError: \(error)")
        }
    }

    @Test func aMissingFileIsAnInputError() {
        #expect(throws: InputError.self) { try PosesFile.load("/nonexistent/poses.csv") }
    }

    @Test func lengthRowsRoundTripEveryNumber() throws {
        let muscle = Muscle(
            name: "m, quoted", group: "g", law: .spring(LinearSpring(stiffness: 10, restLength: 0.1)),
            path: [PathPoint(body: .thorax, point: Vector3(0.01, -0.1, 0.05)), PathPoint(body: .scapula, point: Vector3(0.01, -0.02, -0.03))])
        let pose = Pose(position: Vector3(-0.07, 0.02, 0.17), rotation: ISBAngles(protraction: 36, lateralRotation: 2, posteriorTilt: -8).rotation)
        let model = Model(name: "t", scapula: Scapula(mass: 0.5, centerOfMass: .zero, referencePose: pose), muscles: [muscle])
        let s = try LengthAnalysis.samples(model, at: pose)
        let text = LengthTable.rows(pose: "p1", muscles: model.muscles, samples: s)
        let fields = try SweepFile.records(text, file: "out").first!.fields
        #expect(fields[0] == "p1" && fields[1] == "m, quoted")
        let numbers = fields[2...].map { Double($0)! }
        let g = s[0].gradient
        #expect(numbers == [s[0].length, g.translational.x, g.translational.y, g.translational.z, g.rotational.x, g.rotational.y, g.rotational.z])
        #expect(LengthTable.header.split(separator: ",").count == fields.count)
    }
}

/// Taut's lengths against OpenSim's own (`GeometryPath.getLength`, wrapping included) on the
/// thoracoscapular model, from the committed table that `scripts/validate-opensim
/// --write-reference` made with OpenSim 4.6 (so the suite needs no OpenSim). The poses are in
/// Taut's frames (ISB thorax frame from IJ, PX, C7, T8; ISB scapula frame from AA, TS, AI).
@Suite struct OpenSimReferenceTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("OpenSimReference")

    struct Row {
        var pose: String
        var rangeDeg: Double
        var muscle: String
        var length: Double
        var wraps: Bool
    }

    static func reference() throws -> (poses: PosesFile, rows: [Row], header: String) {
        let poses = try PosesFile.load(folder.appendingPathComponent("thoracoscapular-poses.csv").path)
        let path = folder.appendingPathComponent("thoracoscapular-lengths.csv").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let table = try SweepFile.parse(text, file: path)
        let k = { (c: String) in try table.index(of: c, option: c) }
        let (pose, range, muscle, length, wraps) = try (k("pose"), k("range_deg"), k("muscle"), k("opensim_length_m"), k("opensim_wraps"))
        let rows = try table.rows.map { r in
            Row(pose: r.fields[pose], rangeDeg: try table.number(r, range)!, muscle: r.fields[muscle],
                length: try table.number(r, length)!, wraps: try table.number(r, wraps)! == 1)
        }
        return (poses, rows, String(text.prefix(while: { $0 != "\n" })))
    }

    /// Taut's lengths at every reference pose, by pose name and muscle name.
    static func lengths(_ model: Model, _ poses: PosesFile) throws -> [String: [String: Double]] {
        var out: [String: [String: Double]] = [:]
        for e in poses.entries {
            let s = try LengthAnalysis.samples(model, at: e.pose)
            out[e.name] = Dictionary(uniqueKeysWithValues: zip(model.muscles.map(\.name), s.map(\.length)))
        }
        return out
    }

    @Test func theTableIsWhatItSays() throws {
        let (poses, rows, header) = try Self.reference()
        #expect(header.contains("sha256 892bd333a1e1e6a2b77902b54218f12727eefd2306ca82bbda81621c926271fe"))
        #expect(header.contains("version 4.6"))
        let names = Set(poses.entries.map(\.name))
        #expect(Set(rows.map(\.pose)) == names)
        #expect(rows.filter { $0.rangeDeg == 8 }.count >= 50 * 10, "at least 50 poses within ±8° (ten muscles)")
        #expect(Set(rows.map(\.muscle)).count == 10)
        #expect(rows.contains { $0.wraps } && rows.contains { !$0.wraps })
    }

    /// Straight lines between OpenSim's own points, moved into Taut's frames by OpenSim's
    /// state (`thoracoscapular-straight.yaml`): where OpenSim does not wrap, its length within
    /// 0.05 mm at every pose (the issue's target; measured: below 1e-9 mm); where it wraps,
    /// never longer than OpenSim's (a wrap only lengthens a path) and shorter somewhere.
    @Test func straightLinesAgreeWithOpenSimWhereItDoesNotWrap() throws {
        let (poses, rows, _) = try Self.reference()
        let model = try ModelReader.load(path: Self.folder.appendingPathComponent("thoracoscapular-straight.yaml").path)
        let taut = try Self.lengths(model, poses)
        var unwrapped = 0, shorter = 0
        for r in rows {
            let l = try #require(taut[r.pose]?[r.muscle], "\(r.pose) \(r.muscle)")
            if r.wraps {
                #expect(l <= r.length + 1e-9, "\(r.pose) \(r.muscle): straight line longer than the wrapped path")
                if r.length - l > 1e-4 { shorter += 1 }
            } else {
                unwrapped += 1
                #expect(abs(l - r.length) <= 0.05e-3, "\(r.pose) \(r.muscle): \(l) m vs OpenSim \(r.length) m")
            }
        }
        #expect(unwrapped > 500)
        #expect(shorter > 50)
    }
}
