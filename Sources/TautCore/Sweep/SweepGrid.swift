/// The full grid of a sweep's axes. Grid order is nested loops in axis order with the
/// LAST axis fastest: linear index = Σ index[k] · stride[k], stride of the last axis 1.
public struct SweepGrid: Equatable, Sendable {
    public let axes: [SweepAxis]
    /// Number of grid points (the product of the axes' steps).
    public let count: Int
    /// Distance in linear index between neighbours along each axis.
    public let strides: [Int]

    /// The most points a grid may have: 2⁵³. Up to there every grid index, chunk bound
    /// and row count is exact in an `Int` and in a `Double` (an axis's value i/(steps − 1)),
    /// and no product of them overflows; a grid that size would take millennia to solve.
    public static let maxPoints = 1 << 53

    /// - Throws: `EquilibriumError.invalidParameter` for an axis with fewer than one
    ///   step or a grid of more than `maxPoints` points.
    public init(axes: [SweepAxis]) throws {
        var strides = [Int](repeating: 1, count: axes.count)
        var count = 1
        for k in axes.indices.reversed() {
            guard axes[k].steps >= 1 else {
                throw EquilibriumError.invalidParameter(field: .key(axes[k].name), message: "steps must be at least 1, not \(axes[k].steps)")
            }
            strides[k] = count
            let (product, overflow) = count.multipliedReportingOverflow(by: axes[k].steps)
            if overflow || product > Self.maxPoints {
                throw EquilibriumError.invalidParameter(
                    field: .key("sweep"), message: "the grid has more than 2^53 = \(Self.maxPoints) points (\(axes.map { String($0.steps) }.joined(separator: " × ")) steps); split it into smaller sweeps")
            }
            count = product
        }
        self.axes = axes
        self.count = count
        self.strides = strides
    }

    /// Per axis, the value index of grid point `linear`.
    public func indices(of linear: Int) -> [Int] {
        precondition(linear >= 0 && linear < count, "grid index \(linear) out of 0..<\(count)")
        return axes.indices.map { (linear / strides[$0]) % axes[$0].steps }
    }

    /// The linear index of the point with per-axis value `indices`.
    public func linearIndex(of indices: [Int]) -> Int {
        precondition(indices.count == axes.count)
        var linear = 0
        for k in axes.indices {
            precondition(indices[k] >= 0 && indices[k] < axes[k].steps, "axis \(k) index \(indices[k]) out of range")
            linear += indices[k] * strides[k]
        }
        return linear
    }

    /// Per axis, the parameter value at grid point `linear`.
    public func values(at linear: Int) -> [Double] {
        axes.indices.map { axes[$0].value(at: (linear / strides[$0]) % axes[$0].steps) }
    }

    /// The axis along which point `linear` steps from the point before it in grid order:
    /// the last axis whose index is not 0 (nil for point 0).
    public func changedAxis(at linear: Int) -> Int? {
        for k in axes.indices.reversed() where (linear / strides[k]) % axes[k].steps != 0 { return k }
        return nil
    }

    /// The scenario changes that set grid point `linear`'s values, in axis order.
    public func changes(at linear: Int) -> [Scenario.Change] {
        axes.indices.map { axes[$0].change(at: (linear / strides[$0]) % axes[$0].steps) }
    }
}

/// How a grid is cut for determinism: fixed chunks of `size` consecutive grid indices,
/// independent of the thread count; each chunk starts cold and walks in grid order.
public enum SweepChunks {
    /// Grid points per chunk.
    public static let size = 64

    public static func count(points: Int) -> Int { points == 0 ? 0 : (points - 1) / size + 1 }

    /// The grid indices of chunk `chunk`.
    public static func points(ofChunk chunk: Int, totalPoints: Int) -> Range<Int> {
        let start = chunk * size
        return start..<min(start + size, totalPoints)
    }

    /// Shard `k` (0-based) of `n`: chunks [k·C/n, (k+1)·C/n), C the chunk count, so
    /// the shards in order cover every chunk once.
    public static func shard(_ k: Int, of n: Int, chunks: Int) -> Range<Int> {
        precondition(n >= 1 && k >= 0 && k < n)
        func bound(_ i: Int) -> Int {
            let product = i.multipliedFullWidth(by: chunks)
            return n.dividingFullWidth(product).quotient
        }
        return bound(k)..<bound(k + 1)
    }

    /// The grid indices of the chunks `chunks`.
    public static func points(ofChunks chunks: Range<Int>, totalPoints: Int) -> Range<Int> {
        let lower = min(chunks.lowerBound * size, totalPoints)
        let upper = min(chunks.upperBound.multipliedReportingOverflow(by: size).partialValue, totalPoints)
        return lower..<max(lower, upper)
    }
}
