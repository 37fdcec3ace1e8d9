import Foundation
import TautCore

/// An error in the source tables under `Models/sources/`.
public struct SourceError: Error, CustomStringConvertible {
    public var file: String
    public var message: String
    public var description: String { "\(file): \(message)" }
}

/// One CSV table: `#` comment lines, a header row, then comma-separated rows (no quoting).
struct SourceTable {
    var file: String
    var header: [String]
    var rows: [[String: String]]

    init(path: String) throws {
        file = (path as NSString).lastPathComponent
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw SourceError(file: path, message: "cannot read the file")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard let first = lines.first else { throw SourceError(file: path, message: "no header row") }
        header = first.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        rows = []
        for (i, line) in lines.dropFirst().enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == header.count else {
                throw SourceError(file: path, message: "row \(i + 1) has \(cells.count) cells, the header \(header.count)")
            }
            rows.append(Dictionary(uniqueKeysWithValues: zip(header, cells)))
        }
    }

    /// The single row whose column `key` equals `value`.
    func row(_ key: String, _ value: String) throws -> [String: String] {
        let found = rows.filter { $0[key] == value }
        guard found.count == 1 else { throw SourceError(file: file, message: "expected one row with \(key) = \(value), found \(found.count)") }
        return found[0]
    }

    func double(_ row: [String: String], _ column: String) throws -> Double {
        guard let text = row[column], let x = Double(text), x.isFinite else {
            throw SourceError(file: file, message: "column \(column): not a number in row \(row)")
        }
        return x
    }

    func vector(_ row: [String: String], _ columns: [String]) throws -> Vector3 {
        Vector3(try double(row, columns[0]), try double(row, columns[1]), try double(row, columns[2]))
    }

    func point(_ row: [String: String]) throws -> Vector3 { try vector(row, ["x_m", "y_m", "z_m"]) }
}

/// The source numbers the derivation uses, read from `Models/sources/` (each file cites
/// Seth et al. 2019 and ThoracoscapularShoulderModel.osim). Frames are OpenSim's.
public struct ShoulderSources {
    public struct MuscleElement {
        public var element: String
        public var maxIsometricForce: Double
        public var optimalFiberLength: Double
        public var tendonSlackLength: Double
        public var pennation: Double
        /// Path points in file order: body name and point in that body's frame.
        public var path: [(body: String, point: Vector3)]
    }

    public struct SourceEllipsoid {
        public var center: Vector3
        public var radii: Vector3
        /// Body-fixed X-Y-Z angles, rad: R = Rx·Ry·Rz maps ellipsoid axes to thorax axes.
        public var rotationAngles: Vector3
        public var rotation: Matrix3 {
            Rotation.x(rotationAngles.x) * Rotation.y(rotationAngles.y) * Rotation.z(rotationAngles.z)
        }
    }

    public var muscles: [String: MuscleElement]
    public var scapulaMass: Double
    public var scapulaCenterOfMass: Vector3
    /// Masses of humerus, ulna, radius and hand, kg.
    public var armMasses: [(body: String, mass: Double)]
    public var gravity: Vector3
    /// OpenSim scapula-frame markers aa, ts, ai, ac.
    public var markers: [String: Vector3]
    /// Default poses (origin, rotation as read) of `scapula` and `clavicle` in the thorax frame.
    public var defaultPoses: [String: (origin: Vector3, rows: Matrix3)]
    public var sternoclavicularCenter: Vector3
    public var acConstraintClavicle: Vector3
    public var acConstraintScapula: Vector3
    public var glenohumeralCenter: Vector3
    public var scapulothoracicEllipsoid: SourceEllipsoid
    public var thoraxWrapEllipsoid: SourceEllipsoid

    /// Reads the tables in `directory` (normally `Models/sources`).
    public init(directory: String) throws {
        func table(_ name: String) throws -> SourceTable { try SourceTable(path: (directory as NSString).appendingPathComponent(name)) }

        let params = try table("muscles.csv")
        let points = try table("muscle-path-points.csv")
        muscles = [:]
        for row in params.rows {
            let name = row["element"]!
            let own = points.rows.filter { $0["element"] == name }
                .sorted { Int($0["point_index"]!)! < Int($1["point_index"]!)! }
            guard own.count >= 2 else { throw SourceError(file: points.file, message: "\(name) needs two path points") }
            muscles[name] = MuscleElement(
                element: name,
                maxIsometricForce: try params.double(row, "max_isometric_force_n"),
                optimalFiberLength: try params.double(row, "optimal_fiber_length_m"),
                tendonSlackLength: try params.double(row, "tendon_slack_length_m"),
                pennation: try params.double(row, "pennation_rad"),
                path: try own.map { ($0["body"]!, try points.point($0)) })
        }

        let bodies = try table("bodies.csv")
        let scapula = try bodies.row("body", "scapula")
        scapulaMass = try bodies.double(scapula, "mass_kg")
        scapulaCenterOfMass = try bodies.vector(scapula, ["center_of_mass_x_m", "center_of_mass_y_m", "center_of_mass_z_m"])
        armMasses = try ["humerus", "ulna", "radius", "hand"].map { ($0, try bodies.double(try bodies.row("body", $0), "mass_kg")) }

        let g = try table("gravity.csv")
        gravity = try g.vector(try g.row("quantity", "gravity"), ["x", "y", "z"])

        let m = try table("scapula-markers.csv")
        markers = [:]
        for name in ["aa", "ts", "ai", "ac"] {
            let row = try m.row("marker", name)
            guard row["body"] == "scapula" else { throw SourceError(file: m.file, message: "\(name) must be on the scapula") }
            markers[name] = try m.point(row)
        }

        let poses = try table("default-pose.csv")
        defaultPoses = [:]
        for body in ["scapula", "clavicle"] {
            let row = try poses.row("body", body)
            let r = try (1...3).map { i in try poses.vector(row, ["r\(i)1", "r\(i)2", "r\(i)3"]) }
            defaultPoses[body] = (try poses.vector(row, ["origin_x_m", "origin_y_m", "origin_z_m"]), Matrix3(rows: r[0], r[1], r[2]))
        }

        let joints = try table("joints.csv")
        func joint(_ name: String, _ body: String) throws -> Vector3 {
            let row = try joints.row("point", name)
            guard row["body"] == body else { throw SourceError(file: joints.file, message: "\(name) must be on the \(body)") }
            return try joints.point(row)
        }
        sternoclavicularCenter = try joint("sternoclavicular_centre", "thorax")
        acConstraintClavicle = try joint("ac_constraint_clavicle", "clavicle")
        acConstraintScapula = try joint("ac_constraint_scapula", "scapula")
        glenohumeralCenter = try joint("glenohumeral_centre", "scapula")

        let e = try table("ellipsoids.csv")
        func ellipsoid(_ name: String) throws -> SourceEllipsoid {
            let row = try e.row("ellipsoid", name)
            return SourceEllipsoid(
                center: try e.vector(row, ["center_x_m", "center_y_m", "center_z_m"]),
                radii: try e.vector(row, ["radius_x_m", "radius_y_m", "radius_z_m"]),
                rotationAngles: try e.vector(row, ["rot_x_rad", "rot_y_rad", "rot_z_rad"]))
        }
        scapulothoracicEllipsoid = try ellipsoid("scapulothoracic")
        thoraxWrapEllipsoid = try ellipsoid("Thorax")
    }
}
