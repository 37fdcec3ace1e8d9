import ArgumentParser
import Dispatch
import Foundation
import TautCore
import TautFiles
import TautTerminal

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Solve a grid of muscle parameters: one row per grid point, streamed as CSV or JSON lines.",
        discussion: """
            The axes come from the scenario's `sweep` section or from --vary (which replaces \
            them); they combine as a full grid, the last axis fastest. PARAM is \
            \(choices(MuscleParameter.allCases.map(\.key))); scales refer to the model's own \
            values; a group name stands for all its muscles. Rows come out in grid order and \
            are byte-identical for any --threads. A point without equilibrium is a row with \
            converged=false. Ctrl-C (or SIGTERM) keeps every finished row; run the same \
            command with --resume to finish the file. --shard K/N runs the K-th of N \
            deterministic slices; every CSV shard starts with the header and its record \
            (which names the shard), and `taut merge` joins the shards into the \
            single-machine file (JSON lines shards concatenate). A file being written is \
            locked: a second sweep onto it refuses. Exit status: 0 done (even if some points failed), 2 bad input (or the \
            file is locked), 3 the output could not be written (disk full: the file keeps \
            whole rows, and --resume finishes it), 130 interrupted.
            """)

    @Argument(help: "Scenario or model: embedded name or file.")
    var scenario: String

    @Option(name: .customLong("vary"), help: ArgumentHelp("An axis, MUSCLE.PARAM=FROM:TO:STEPS (repeatable).", valueName: "axis"))
    var vary: [String] = []

    @Option(name: .customLong("case"), help: "The case to vary (default: the sweep section's, else the baseline).")
    var caseName: String?

    @Option(help: "Output format: csv or jsonl.")
    var format: SweepFormat = .csv

    @Option(help: "Write the rows to this file instead of standard output.")
    var output: String?

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?

    @Option(help: ArgumentHelp("Run slice K of N (1-based), e.g. 2/8.", valueName: "K/N"))
    var shard: String?

    @Flag(help: "Complete an interrupted --output file: keep its whole rows, append the missing ones.")
    var resume = false

    @Flag(help: "Solve every point from the reference pose instead of warm-starting from a neighbour (slower; for checking).")
    var cold = false

    @Flag(help: "Print counts, mean Newton iterations and throughput on standard error at the end.")
    var stats = false

    func run() throws {
        let loaded = try inputOrExit { try Catalog.loadScenario(scenario) }
        let axes = vary.isEmpty ? (loaded.sweep?.axes ?? []) : try vary.map { try parseVary($0, model: loaded.model) }
        if axes.isEmpty {
            fail("no sweep axes: \(scenario) has no `sweep` section; give --vary MUSCLE.PARAM=FROM:TO:STEPS (repeatable)")
        }
        let problem: SweepProblem
        do {
            problem = try SweepProblem(scenario: loaded, caseName: caseName ?? loaded.sweep?.caseName, axes: axes)
        } catch EquilibriumError.invalidParameter(let field, let message) {
            // An axis's complaint names the --vary that gave it; others the option or file.
            if !vary.isEmpty, case .key("axes")? = field.components.first, case .item(let k, _)? = field.components.dropFirst().first {
                fail("--vary '\(vary[k])': \(message)")
            }
            fail("\(EquilibriumError.invalidParameter(field: field, message: message))")
        }
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        if threadCount < 1 { fail("--threads must be at least 1, not \(threadCount)") }
        let (shardIndex, shardCount) = try parseShard()
        if resume && output == nil { fail("--resume needs --output FILE (the file to complete)") }
        if resume, let output, case .special? = try? Output.destination(of: output) {
            fail("--resume completes a regular file; \(output) is a device or pipe")
        }

        // The header records what made the file (a shard's names the shard), so that
        // --resume refuses another run's and `taut merge` can check the shards. Every CSV
        // shard carries it; merge keeps one.
        let record = SweepRecord(
            scenario: loaded.name, problem: problem, cold: cold, shard: ShardNumber(number: shardIndex + 1, count: shardCount))
        let table = SweepTable(problem: problem, format: format, record: record)
        let slice = SweepSlice(totalPoints: problem.grid.count, shard: shardIndex, of: shardCount)
        let points = slice.points
        let header = table.header

        // Where to start: the first row the output lacks.
        var rowsKept = 0
        var needsHeader = header != nil
        var keptBytes: Int?
        if resume, let output, FileManager.default.fileExists(atPath: output) {
            // A file without the header's record (JSON lines): its first rows must be this sweep's.
            let verify: ((Range<Int>) throws -> String)? = header == nil
                ? { [cold] in table.rows(try SweepWalker(problem: problem, cold: cold).solve(points: $0)) } : nil
            let state = try inputOrExit { try SweepResume.check(path: output, table: table, header: header, points: points, verify: verify) }
            keptBytes = state.keptBytes
            needsHeader = header != nil && !state.hasHeader
            rowsKept = state.rows
        }
        let firstMissing = slice.firstMissing(rowsKept: rowsKept)
        let sink = try OutputSink(path: output, keepingBytes: keptBytes)
        if firstMissing == points.upperBound && !needsHeader {
            if resume { printError("taut: \(output ?? "output") is already complete (\(points.count) rows)") }
            return
        }
        var rowsInOutput = rowsKept
        if needsHeader, let header {
            do { try sink.write(header) } catch { throw outputFailed(error, sink: sink, rows: rowsInOutput, of: points.count) }
        }

        OpenBLAS.useOneThread()
        let runner = SweepRunner(problem: problem, cold: cold)
        let signals = SignalWatch { runner.stop() }
        defer { signals.cancel() }

        let runChunks = slice.remainingChunks(rowsKept: rowsKept)
        let progress = Progress(total: SweepChunks.points(ofChunks: runChunks, totalPoints: problem.grid.count).count)
        let started = Date()
        let result: SweepRunner.Run
        do {
            result = try runner.run(
                chunks: runChunks, threads: threadCount,
                render: { [firstMissing] in table.rows($0, from: firstMissing) },
                emit: { chunk, rows, _ in
                    try sink.write(rows)
                    rowsInOutput += slice.rowsWritten(byChunk: chunk, from: firstMissing)
                },
                tick: { progress.update($0.points) })
            try sink.finish()
        } catch let e as OutputError {
            progress.finish()
            throw outputFailed(e, sink: sink, rows: rowsInOutput, of: points.count)
        }
        progress.finish()
        let seconds = Date().timeIntervalSince(started)
        let s = result.statistics
        if stats {
            let rate = seconds > 0 ? Double(s.points) / seconds : 0
            printError(
                "taut: \(s.points) points (\(s.converged) converged, \(s.failed) failed, \(s.coldRetries) retried cold) in "
                    + "\(String(format: "%.3f", seconds)) s, \(String(format: "%.0f", rate)) points/s on \(threadCount) thread(s); "
                    + "mean Newton iterations \(String(format: "%.3f", s.meanIterations)) (\(cold ? "cold" : "warm") starts)")
        }
        if s.failed > 0 {
            printError("taut: \(s.failed) of \(s.points) points found no equilibrium (rows with converged=false)")
        }
        if !result.completed {
            let written = slice.rowsDone(before: result.nextChunk)
            var message = "taut: interrupted: \(written) of \(points.count) rows written in grid order"
            if let output {
                message += " to \(output); to finish, run the same command with --resume (taut sweep \(scenario) … --output \(output)\(slice.shardArgument) --resume)"
            } else {
                message += "; to be able to resume, write to a file with --output"
            }
            printError(message)
            throw ExitCode(130)
        }
    }

    /// `MUSCLE.PARAM=FROM:TO:STEPS`; a group name may stand for a muscle.
    func parseVary(_ spec: String, model: Model) throws -> SweepAxis {
        let usage = "expected MUSCLE.PARAM=FROM:TO:STEPS, e.g. pectoralis_minor.rest_length_scale=0.7:1.0:31"
        guard let equals = spec.firstIndex(of: "=") else { fail("--vary '\(spec)': \(usage)") }
        let lhs = spec[..<equals], rhs = spec[spec.index(after: equals)...]
        guard let dot = lhs.lastIndex(of: ".") else { fail("--vary '\(spec)': \(usage)") }
        let name = String(lhs[..<dot]), parameterName = String(lhs[lhs.index(after: dot)...])
        guard let parameter = MuscleParameter(rawValue: parameterName) else {
            fail("--vary '\(spec)': unknown parameter '\(parameterName)' (one of \(MuscleParameter.allCases.map(\.key).joined(separator: ", ")))")
        }
        guard let target = MuscleTarget.named(name, in: model) else {
            fail("--vary '\(spec)': no muscle or group named '\(name)' in model \(model.name) (muscles: \(model.muscles.map(\.name).joined(separator: ", ")))")
        }
        let parts = rhs.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let from = Double(parts[0]), let to = Double(parts[1]), let steps = Int(parts[2]) else {
            fail("--vary '\(spec)': \(usage)")
        }
        return SweepAxis(target, parameter, from: from, to: to, steps: steps)
    }

    /// `K/N` with 1 ≤ K ≤ N, as a 0-based index and a count.
    func parseShard() throws -> (Int, Int) {
        guard let shard else { return (0, 1) }
        let parts = shard.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else {
            fail("--shard '\(shard)': expected K/N with 1 ≤ K ≤ N, e.g. 2/8")
        }
        return (k - 1, n)
    }

    /// A write that failed (disk full, a closed pipe): says so, and for a file how to
    /// finish it (the sink left only whole rows in it); exit status 3.
    func outputFailed(_ e: OutputError, sink: OutputSink, rows: Int, of total: Int) -> ExitCode {
        var message = "taut: \(e.message)"
        if sink.isRegularFile {
            let shardArgument = shard.map { " --shard \($0)" } ?? ""
            message += "; \(sink.name) holds the first \(rows) of \(total) rows (whole rows only); once there is room, "
                + "run the same command with --resume to finish it (taut sweep \(scenario) … --output \(sink.name)\(shardArgument) --resume)"
        } else {
            message += " after \(rows) of \(total) rows"
        }
        printError(message)
        return ExitCode(3)
    }

    func fail(_ message: String) -> Never {
        printError("taut: \(message)")
        Foundation.exit(2)
    }
}

extension SweepFormat: ExpressibleByArgument {}
