import ArgumentParser
import Foundation
import TautCore
import TautFiles

struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve every case of a scenario and print the tension table.",
        discussion: """
            SCENARIO is an embedded scenario or model name (see `taut models`) or a file. \
            Exit status: 0 all cases converged and stable; 1 a case failed or is unstable \
            (the table still prints); 2 bad input.
            """)

    @Argument(help: "Scenario or model: embedded name or file (default: the demonstration, \(Catalog.demonstration)).")
    var scenario: String = Catalog.demonstration

    @Option(help: "Output format: table, markdown, csv or json.")
    var format: ReportFormat = .table

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    func run() throws {
        let loaded = try inputOrExit { try Catalog.loadScenario(scenario) }
        let solutions = try inputOrExit { try loaded.solveAll() }
        let report = SolveReport(scenario: loaded.name, model: loaded.model.name, solutions: solutions)
        try write(report.render(format, width: terminalWidth()), to: output)
        for c in report.cases where !c.converged || !c.stable {
            printError("taut: case '\(c.name)': " + (c.converged ? "the equilibrium is unstable" : c.error ?? "no equilibrium"))
        }
        if !report.allConvergedAndStable { throw ExitCode(1) }
    }
}

extension ReportFormat: ExpressibleByArgument {}
