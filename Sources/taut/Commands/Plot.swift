import ArgumentParser
import Foundation
import TautFiles
import TautPictures
import TautTerminal

struct Plot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw line plots of a sweep (the CSV of `taut sweep`) as SVG.",
        discussion: """
            Units come from the column names: _mm millimetres, _n newtons, _deg degrees, \
            _strain (drawn in %). Columns of different units go to separate panels. With \
            --group-by (a second sweep axis) each --y column gets its own panel with one \
            line per value of that axis. Points without equilibrium leave gaps. Example: \
            taut sweep tight-pec-minor > sweep.csv; taut plot sweep.csv \
            --x pectoralis_minor.rest_length_scale --y '*_tension_n' --output tensions.svg. \
            Exit status: 0 written; 2 bad input (unknown column or axis, malformed CSV); 3 the \
            SVG could not be written.
            """)

    @Argument(help: "The sweep's CSV file (- for standard input).")
    var sweep: String

    @Option(help: "The column on the horizontal axis, usually a sweep axis, e.g. pectoralis_minor.rest_length_scale.")
    var x: String

    @Option(help: "Columns to plot, comma-separated; * matches any characters (e.g. 'rhomboid_major_tension_n,*_strain').")
    var y: String

    @Option(name: .customLong("group-by"), help: "A second sweep axis: one line per value of it, one panel per --y column.")
    var groupBy: String?

    @Option(
        name: .customLong("where"),
        help: ArgumentHelp("Hold another sweep axis at one value, AXIS=VALUE (repeatable).", valueName: "axis=value"))
    var filters: [String] = []

    @Option(help: "The plot's title (default: what is plotted against what).")
    var title: String?

    @Option(help: "Write the SVG to this file instead of standard output.")
    var output: String?

    func run() throws {
        let file = sweep == "-" ? "standard input" : sweep
        let csv = try inputOrExit { () throws -> SweepFile in
            let text: String
            if sweep == "-" {
                text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            } else {
                guard let data = FileManager.default.contents(atPath: sweep) else {
                    throw InputError(file: sweep, message: "cannot read the file (does it exist?)")
                }
                text = String(decoding: data, as: UTF8.self)
            }
            return try SweepFile.parse(text, file: file)
        }
        for w in csv.warnings { printError("taut: \(w)") }
        let parsedFilters = try inputOrExit {
            try filters.map { item -> (String, Double) in
                let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, !parts[0].isEmpty, let value = Double(parts[1]) else {
                    throw InputError(file: file, key: "--where", message: "'\(item)' is not AXIS=VALUE (a number)")
                }
                return (parts[0], value)
            }
        }
        let request = SweepPlot.Request(
            x: x, y: y.split(separator: ",").map(String.init), groupBy: groupBy, filters: parsedFilters, title: title)
        let plot = try inputOrExit { try SweepPlot(csv: csv, request: request) }
        try write(plot.svg(), to: output)
    }
}
