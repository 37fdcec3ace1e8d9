/// The part of a grid one run computes: shard `index` (0-based) of `count`, cut on chunk
/// boundaries (`SweepChunks`), and where a resumed run starts within it.
///
/// Rows are counted in grid order from the slice's first point; a chunk is the unit of
/// work, so a resumed run restarts at the chunk holding the first missing row and drops
/// the rows of that chunk the output already has.
public struct SweepSlice: Sendable, Equatable {
    /// Grid points in the whole grid.
    public let totalPoints: Int
    /// The shard: 0-based index and count (1 for a whole sweep).
    public let index: Int, count: Int
    /// The slice's chunks and grid points.
    public let chunks: Range<Int>
    public let points: Range<Int>

    /// - Precondition: 0 ≤ index < count.
    public init(totalPoints: Int, shard index: Int = 0, of count: Int = 1) {
        self.totalPoints = totalPoints
        self.index = index
        self.count = count
        chunks = SweepChunks.shard(index, of: count, chunks: SweepChunks.count(points: totalPoints))
        points = SweepChunks.points(ofChunks: chunks, totalPoints: totalPoints)
    }

    /// The grid index of the first row an output holding `rowsKept` rows lacks.
    public func firstMissing(rowsKept: Int) -> Int { points.lowerBound + rowsKept }

    /// The chunks still to run when the output holds `rowsKept` rows: from the chunk of
    /// the first missing row to the slice's end.
    public func remainingChunks(rowsKept: Int) -> Range<Int> {
        firstMissing(rowsKept: rowsKept) / SweepChunks.size..<chunks.upperBound
    }

    /// Rows of chunk `chunk` that a run starting at grid index `firstMissing` writes.
    public func rowsWritten(byChunk chunk: Int, from firstMissing: Int) -> Int {
        SweepChunks.points(ofChunk: chunk, totalPoints: totalPoints).clamped(to: firstMissing..<points.upperBound).count
    }

    /// Rows of the slice in the output once every chunk before `nextChunk` is written.
    public func rowsDone(before nextChunk: Int) -> Int {
        min(points.upperBound, nextChunk * SweepChunks.size) - points.lowerBound
    }

    /// `--shard K/N` as the user wrote it (empty for a whole sweep), for messages.
    public var shardArgument: String { count > 1 ? " --shard \(index + 1)/\(count)" : "" }
}
