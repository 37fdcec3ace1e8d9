import ArgumentParser
import TautCore
import TautFiles
import TautTerminal

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the fully resolved model (JSON) so other tools can rebuild the same problem.",
        discussion: """
            MODEL is an embedded model or scenario name, or a file. For a scenario, --case picks \
            the case whose changes are applied (default: the baseline). The output is a model \
            file in JSON that `taut` reads back; --derived adds a `derived` section (reference \
            rotation matrix, muscle reference and slack lengths) for other tools.
            """)

    @Argument(help: "Model or scenario: embedded name or file.")
    var model: String

    @Option(help: "Output format (json).")
    var format: String = "json"

    @Option(name: .customLong("case"), help: "The scenario case to resolve (default: the baseline).")
    var caseName: String?

    @Flag(help: "Add the derived section for other tools.")
    var derived = false

    @Option(help: "Write to this file instead of standard output.")
    var output: String?

    func run() throws {
        guard format == "json" else {
            printError("taut: --format \(format): only json is supported")
            throw ExitCode(2)
        }
        let scenario = try inputOrExit { try Catalog.loadScenario(model) }
        let name = caseName ?? scenario.cases[0].name
        let resolved = try inputOrExit { () throws -> Model in
            guard scenario.cases.contains(where: { $0.name == name }) else {
                throw InputError(file: model, key: "--case", message: "no case named '\(name)' (cases: \(scenario.cases.map(\.name).joined(separator: ", ")))")
            }
            return try scenario.model(forCase: name)
        }
        try write(ModelWriter.json(resolved, derived: derived).serialized(pretty: true) + "\n", to: output)
    }
}
