import Foundation

/// Runs a sweep's chunks on several threads and hands the results to the calling
/// thread strictly in grid order.
///
/// Each worker owns a `SweepWalker` (its own solver) and takes the next chunk from a
/// shared counter; a chunk's rows are rendered on the worker. The calling thread emits
/// chunks in order through a bounded reorder buffer: a worker never starts a chunk more
/// than `window` chunks ahead of the next one to emit, so memory stays flat however
/// large the grid. Because a chunk's result depends only on the chunk, the output is the
/// same for any thread count.
public final class SweepRunner: @unchecked Sendable {
    public let problem: SweepProblem
    public let options: SolverOptions
    public let cold: Bool
    /// Guards `stopRequested` (set from any thread, e.g. a signal handler's queue).
    private let stopLock = NSLock()
    private var stopRequested = false

    /// The outcome of `run`.
    public struct Run: Sendable {
        public var statistics: SweepStatistics
        /// The first chunk not emitted: the end of the range when the run completed.
        public var nextChunk: Int
        /// True when every chunk of the range was emitted.
        public var completed: Bool
    }

    public init(problem: SweepProblem, options: SolverOptions = SolverOptions(), cold: Bool = false) {
        self.problem = problem
        self.options = options
        self.cold = cold
    }

    /// Asks a run to stop: no new chunk is started; finished chunks are still emitted
    /// in order. Safe from any thread.
    public func stop() {
        stopLock.lock()
        stopRequested = true
        stopLock.unlock()
    }

    public var isStopped: Bool {
        stopLock.lock()
        defer { stopLock.unlock() }
        return stopRequested
    }

    /// Solves chunks `chunks` (see `SweepChunks`) on `threads` worker threads.
    /// - Parameters:
    ///   - render: turns a chunk's points into what `emit` writes; runs on the workers.
    ///   - emit: called on the calling thread for each chunk, in chunk order, with its
    ///     rendering and counts. An error it throws stops the run and is rethrown.
    ///   - tick: called on the calling thread after each emit and at least every 0.1 s
    ///     (progress display).
    public func run<Payload: Sendable>(
        chunks: Range<Int>, threads: Int, window: Int? = nil,
        render: @escaping @Sendable (_ points: [SweepPoint]) -> Payload,
        emit: (_ chunk: Int, _ payload: Payload, _ statistics: SweepStatistics) throws -> Void,
        tick: (_ statistics: SweepStatistics) -> Void = { _ in }
    ) throws -> Run {
        let workers = max(1, min(threads, chunks.count))
        let queue = ChunkQueue<Payload>(chunks: chunks, window: max(1, window ?? 4 * workers), workers: chunks.isEmpty ? 0 : workers)
        for _ in 0..<queue.running {
            let thread = Thread { [self, queue] in
                self.work(queue, render: render)
            }
            thread.stackSize = 8 << 20
            thread.start()
        }

        var statistics = SweepStatistics()
        var next = chunks.lowerBound
        let c = queue.condition
        c.lock()
        while true {
            if let (payload, counts) = queue.done.removeValue(forKey: next) {
                c.unlock()
                do {
                    try emit(next, payload, counts)
                } catch {
                    c.lock()
                    queue.abort = true
                    c.broadcast()
                    while queue.running > 0 { c.wait() }
                    c.unlock()
                    throw error
                }
                statistics.add(counts)
                tick(statistics)
                c.lock()
                next += 1
                queue.emitted = next
                c.broadcast()
                continue
            }
            if queue.running == 0 { break }
            _ = c.wait(until: Date(timeIntervalSinceNow: 0.1))
            c.unlock()
            tick(statistics)
            c.lock()
        }
        let failure = queue.failure
        c.unlock()
        if let failure { throw failure }
        return Run(statistics: statistics, nextChunk: next, completed: next == chunks.upperBound)
    }

    private func work<Payload: Sendable>(_ queue: ChunkQueue<Payload>, render: @Sendable ([SweepPoint]) -> Payload) {
        let c = queue.condition
        var walker: SweepWalker?
        do {
            walker = try SweepWalker(problem: problem, options: options, cold: cold)
        } catch {
            c.lock()
            queue.failure = SweepWalker.equilibriumError(error)
            queue.abort = true
        }
        if let walker {
            c.lock()
            while !queue.abort && queue.next < queue.end && !isStopped {
                if queue.next >= queue.emitted + queue.window {
                    c.wait()
                    continue
                }
                let chunk = queue.next
                queue.next += 1
                c.unlock()
                let points = walker.solve(points: SweepChunks.points(ofChunk: chunk, totalPoints: problem.grid.count))
                var counts = SweepStatistics()
                for p in points { counts.add(p) }
                let payload = render(points)
                c.lock()
                queue.done[chunk] = (payload, counts)
                c.broadcast()
            }
        }
        queue.running -= 1
        c.broadcast()
        c.unlock()
    }
}

/// The state shared by a run's workers and its writer, guarded by `condition`.
private final class ChunkQueue<Payload: Sendable>: @unchecked Sendable {
    let condition = NSCondition()
    /// Next chunk to hand out, the end of the range, the next chunk to emit.
    var next: Int
    let end: Int
    var emitted: Int
    /// Chunks a worker may run ahead of `emitted`.
    let window: Int
    /// Finished chunks not yet emitted.
    var done: [Int: (Payload, SweepStatistics)] = [:]
    /// Workers still running.
    var running: Int
    var abort = false
    var failure: EquilibriumError?

    init(chunks: Range<Int>, window: Int, workers: Int) {
        next = chunks.lowerBound
        end = chunks.upperBound
        emitted = chunks.lowerBound
        self.window = window
        running = workers
    }
}
