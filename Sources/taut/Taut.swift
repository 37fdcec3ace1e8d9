import ArgumentParser
import TautCore

@main
struct Taut: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taut",
        abstract: "Static equilibrium of the scapula held by muscles.")
}
