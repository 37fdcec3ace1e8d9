import ArgumentParser

@main
struct Taut: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taut",
        abstract: "Static equilibrium of the scapula held by muscles: tension tables for muscle imbalance.",
        discussion: "Without a subcommand, solves the built-in demonstration (taut solve).",
        subcommands: [Solve.self, SweepCommand.self, Plot.self, Models.self, Check.self, Export.self, Bench.self],
        defaultSubcommand: Solve.self)
}
