import ArgumentParser
import Foundation
import TautTerminal

@main
struct Taut: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taut",
        abstract: "Static equilibrium of the scapula held by muscles: tension tables for muscle imbalance.",
        discussion: "Without a subcommand, solves the built-in demonstration (taut solve).",
        subcommands: [Solve.self, SweepCommand.self, Merge.self, Plot.self, Models.self, Check.self, Export.self, Lengths.self, Bench.self],
        defaultSubcommand: Solve.self)

    /// The argument parser's `main`, with two changes: a usage error (an unknown option, a
    /// value that does not parse, a failed `validate()`) exits with status 2 like all bad
    /// input, not the parser's 64 (EX_USAGE); and help text goes through `Output`, so it
    /// too is checked (exit 3 when standard output cannot be written).
    static func main() {
        Output.prepareProcess()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                let text = fullMessage(for: error)
                do {
                    if !text.isEmpty { try Output.write(text + "\n", to: nil) }
                } catch {
                    exit(withError: error)
                }
                Foundation.exit(0)
            }
            if code == .validationFailure {
                printError(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
