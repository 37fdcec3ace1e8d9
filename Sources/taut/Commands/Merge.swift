import ArgumentParser
import Foundation
import TautFiles
import TautTerminal

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join the shard files of a sweep or sample into the single-machine file, after checking them.",
        discussion: """
            The inputs are shard files, or folders of them named shard-K-of-N.csv (what \
            scripts/slurm/taut-array.sbatch writes). Merge checks that all N shards of one run \
            are there, each complete (its rows as many as its slice of the grid or samples, its \
            last line whole, its column names the run's, no task still writing it) and made by \
            the same command (its header record: axes, case, scenario, model fingerprint; a \
            sample's seed and sample count), then writes the run's header once and every \
            shard's rows in order. Otherwise it writes nothing and names each missing, \
            incomplete, duplicate or foreign shard, with the sbatch --array=K line that \
            completes it (from the folder's taut-array.run). Memory stays flat for any size. \
            Exit status: 0 merged, 2 a shard is missing or wrong (or bad input), 3 the output \
            could not be written.
            """)

    @Argument(help: ArgumentHelp("Shard files, or folders of shard-K-of-N.csv files.", valueName: "dir-or-file"))
    var inputs: [String]

    @Option(help: "Write the merged file here (atomically) instead of standard output.")
    var output: String?

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give the shard files or their folder (e.g. taut merge OUTDIR --output sweep.csv)") }
    }

    func run() throws {
        let plan: ShardMerge.Plan
        do {
            plan = try inputOrExit { try ShardMerge.plan(inputs, currentDirectory: FileManager.default.currentDirectoryPath) }
        } catch let refusal as ShardMerge.Refusal {
            for p in refusal.problems {
                let completion = p.rerun.flatMap { refusal.completions[$0] }.map { "; to complete it: \($0)" } ?? ""
                printError("taut: \(p.file): \(p.message)\(completion)")
            }
            var summary = "taut: not merged (nothing written): \(refusal.problems.count) problem\(refusal.problems.count == 1 ? "" : "s")"
            if let all = refusal.completeAll { summary += "; to complete every shard named: \(all)" }
            printError(summary)
            throw ExitCode(2)
        }
        if let output {
            for part in plan.parts where Output.sameFile(part.path, output) {
                printError("taut: --output \(output) is one of the shards; write the merged file elsewhere")
                throw ExitCode(2)
            }
        }
        try inputOrExit {
            try Output.stream(to: output) { write in try ShardMerge.copy(plan, write: write) }
        }
        printError("taut: merged \(plan.shards) shard\(plan.shards == 1 ? "" : "s"), \(plan.rows) rows\(output.map { " into \($0)" } ?? "")")
    }
}
