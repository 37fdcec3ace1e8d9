import Testing
@testable import TautCore

/// Grid order (nested loops in axis order, last axis fastest), index mapping, values and
/// the fixed chunking and sharding that make sweeps deterministic.
@Suite struct SweepGridTests {
    static func axis(_ name: String, _ steps: Int, from: Double = 0, to: Double = 1) -> SweepAxis {
        SweepAxis(.muscle(name), .restLengthScale, from: from, to: to, steps: steps)
    }

    @Test func gridOrderIsNestedLoopsWithTheLastAxisFastest() throws {
        let grid = try SweepGrid(axes: [Self.axis("a", 2), Self.axis("b", 3), Self.axis("c", 4)])
        #expect(grid.count == 24)
        #expect(grid.strides == [12, 4, 1])
        var linear = 0
        for i in 0..<2 {
            for j in 0..<3 {
                for k in 0..<4 {
                    #expect(grid.indices(of: linear) == [i, j, k])
                    #expect(grid.linearIndex(of: [i, j, k]) == linear)
                    linear += 1
                }
            }
        }
    }

    @Test func valuesRunFromFromToToEvenly() throws {
        let a = SweepAxis(.muscle("m"), .stiffnessScale, from: 0.7, to: 1.0, steps: 4)
        #expect(a.value(at: 0) == 0.7)
        #expect(a.value(at: 1) == 0.7 + (1.0 - 0.7) * 1 / 3)
        #expect(a.value(at: 2) == 0.7 + (1.0 - 0.7) * 2 / 3)
        #expect(a.value(at: 3) == 1.0)
        #expect(a.values.count == 4)
        // One step: just `from`.
        let one = SweepAxis(.group("g"), .activation, from: 0.2, to: 0.9, steps: 1)
        #expect(one.values == [0.2])
        #expect(one.name == "g.activation")
        // Descending axes are fine.
        let down = SweepAxis(.muscle("m"), .restLengthScale, from: 1.0, to: 0.5, steps: 3)
        #expect(down.values == [1.0, 0.75, 0.5])

        let grid = try SweepGrid(axes: [a, down])
        #expect(grid.values(at: grid.linearIndex(of: [3, 1])) == [1.0, 0.75])
        #expect(grid.changes(at: 1) == [Scenario.Change(.muscle("m"), .stiffnessScale(0.7)), Scenario.Change(.muscle("m"), .restLengthScale(0.75))])
    }

    @Test func changedAxisIsTheLastNonZeroIndex() throws {
        let grid = try SweepGrid(axes: [Self.axis("a", 3), Self.axis("b", 1), Self.axis("c", 2)])
        #expect(grid.changedAxis(at: 0) == nil)
        #expect(grid.changedAxis(at: 1) == 2)  // (0,0,1)
        #expect(grid.changedAxis(at: 2) == 0)  // (1,0,0): the last axis wrapped
        #expect(grid.changedAxis(at: 3) == 2)
    }

    @Test func badGridsAreRejected() {
        #expect(throws: EquilibriumError.self) { try SweepGrid(axes: [Self.axis("a", 0)]) }
        #expect(throws: EquilibriumError.self) { try SweepGrid(axes: [Self.axis("a", -2)]) }
        let huge = Self.axis("a", Int.max / 2)
        #expect(throws: EquilibriumError.self) { try SweepGrid(axes: [huge, huge]) }
    }

    @Test func chunksAreFixedAndShardsPartitionThem() {
        #expect(SweepChunks.size == 64)
        #expect(SweepChunks.count(points: 0) == 0)
        #expect(SweepChunks.count(points: 64) == 1)
        #expect(SweepChunks.count(points: 65) == 2)
        #expect(SweepChunks.points(ofChunk: 1, totalPoints: 100) == 64..<100)
        #expect(SweepChunks.points(ofChunks: 0..<2, totalPoints: 100) == 0..<100)
        #expect(SweepChunks.points(ofChunks: 2..<2, totalPoints: 100) == 100..<100)
        for chunks in [0, 1, 2, 5, 7, 64, 1000, 15625] {
            for n in [1, 2, 3, 7, 16, 100] {
                var next = 0
                for k in 0..<n {
                    let r = SweepChunks.shard(k, of: n, chunks: chunks)
                    #expect(r.lowerBound == next)
                    #expect(r.count == chunks / n || r.count == chunks / n + 1)
                    next = r.upperBound
                }
                #expect(next == chunks)
            }
        }
    }
}
