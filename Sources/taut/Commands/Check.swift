import ArgumentParser
import TautCore
import TautFiles
import TautTerminal

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a model or scenario file (exit 0 valid, 2 invalid).")

    @Argument(help: "A model or scenario file, or an embedded name.")
    var file: String

    func run() throws {
        let s = try inputOrExit { try Catalog.loadScenario(file) }
        try write("\(file): valid — model \(s.model.name) (\(s.model.muscles.count) muscles, \(s.model.constraints.count) constraints), \(s.cases.count) case(s)\n", to: nil)
    }
}
