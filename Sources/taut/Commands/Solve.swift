import ArgumentParser
import Foundation
import TautCore
import TautFiles
import TautPictures
import TautTerminal

struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve every case of a scenario and print the tension table.",
        discussion: """
            SCENARIO is an embedded scenario or model name (see `taut models`) or a file. \
            Exit status: 0 all cases converged and stable; 1 a case failed or is unstable \
            (the table still prints); 2 bad input; 3 an output could not be written (disk \
            full, a closed pipe).
            """)

    @Argument(help: "Scenario or model: embedded name or file (default: the demonstration, \(Catalog.demonstration)).")
    var scenario: String = Catalog.demonstration

    @Option(help: "Output format: \(choices(ReportFormat.allCases.map(\.rawValue))).")
    var format: ReportFormat = .table

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(help: "Also draw the girdle (posterior and lateral views per case) as SVG to this file.")
    var svg: String?

    @Option(
        name: .customLong("case"),
        help: "A case to draw with --svg (repeatable; its name or an unambiguous prefix; default: every case).")
    var cases: [String] = []

    func run() throws {
        let loaded = try inputOrExit { try Catalog.loadScenario(scenario) }
        if let output, let svg, Output.sameFile(output, svg) {
            printError("taut: --output and --svg name the same file (\(svg)); give two files")
            throw ExitCode(2)
        }
        if !cases.isEmpty && svg == nil {
            printError("taut: --case picks the cases to draw; give --svg FILE too")
            throw ExitCode(2)
        }
        _ = try inputOrExit { try GirdleDrawing.resolveCases(cases, among: loaded.cases.map(\.name), scenario: scenario) }
        let solutions = try inputOrExit { try loaded.solveAll() }
        let report = SolveReport(scenario: loaded.name, model: loaded.model.name, solutions: solutions)
        try write(report.render(format, width: terminalWidth()), to: output)
        if let svg {
            let drawing = try inputOrExit { try GirdleDrawing(scenario: loaded.name, solutions: solutions, cases: cases) }
            try write(drawing.svg(), to: svg)
        }
        for c in report.cases where !c.converged || !c.stable {
            printError("taut: case '\(c.name)': " + (c.converged ? "the equilibrium is unstable" : c.error ?? "no equilibrium"))
        }
        if !report.allConvergedAndStable { throw ExitCode(1) }
    }
}

extension ReportFormat: ExpressibleByArgument {}
