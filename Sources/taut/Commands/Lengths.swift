import ArgumentParser
import TautCore
import TautFiles
import TautTerminal

struct Lengths: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Muscle lengths and their six derivatives at given scapula poses (OpenSim's MuscleAnalysis).",
        discussion: """
            MODEL is an embedded model or scenario name, or a file (a scenario's model is used). \
            POSES.csv has the columns \(PosesFile.columns.joined(separator: ",")): the scapula \
            frame's origin in the thorax frame (m) and ISB Y-X-Z angles (degrees). The output is \
            CSV, \(LengthTable.header): the length (m), its derivatives with respect to a \
            translation along the thorax axes (m/m) and a rotation about the thorax axes through \
            the scapula origin (m/rad; OpenSim's moment arm is the negative).
            """)

    @Argument(help: "Model or scenario: embedded name or file.")
    var model: String

    @Option(help: "CSV file of poses (name,x_m,y_m,z_m,protraction_deg,lateral_rotation_deg,posterior_tilt_deg).")
    var poses: String

    @Option(help: "Write to this file instead of standard output.")
    var output: String?

    func run() throws {
        let m = try inputOrExit { try Catalog.loadScenario(model).model }
        let table = try inputOrExit { try PosesFile.load(poses) }
        var text = LengthTable.header + "\n"
        for entry in table.entries {
            let samples: [LengthAnalysis.Sample]
            do {
                samples = try LengthAnalysis.samples(m, at: entry.pose)
            } catch {
                printError("taut: \(InputError(file: table.file, line: entry.line, key: "name", message: "pose '\(entry.name)': muscle '\(error.name)' has coincident path points there (its derivatives are undefined)"))")
                throw ExitCode(2)
            }
            text += LengthTable.rows(pose: entry.name, muscles: m.muscles, samples: samples)
        }
        try write(text, to: output)
    }
}
