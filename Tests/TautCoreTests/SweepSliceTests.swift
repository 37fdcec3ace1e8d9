import Testing
@testable import TautCore

@Suite struct SweepSliceTests {
    @Test(arguments: [1, 63, 64, 65, 1000, 10_000])
    func shardsCoverTheGridOnceInOrder(points: Int) {
        for count in [1, 2, 3, 7, 200] {
            var next = 0
            for k in 0..<count {
                let slice = SweepSlice(totalPoints: points, shard: k, of: count)
                #expect(slice.points.lowerBound == next)
                next = slice.points.upperBound
            }
            #expect(next == points)
        }
    }

    @Test func resumeStartsAtTheChunkOfTheFirstMissingRow() {
        // Shard 2 of 3 of 1000 points: chunks 5..<10, points 320..<640.
        let slice = SweepSlice(totalPoints: 1000, shard: 1, of: 3)
        #expect(slice.chunks == 5..<10)
        #expect(slice.points == 320..<640)
        // 70 rows kept: the first missing row is grid point 390, in chunk 6 (384..<448).
        #expect(slice.firstMissing(rowsKept: 70) == 390)
        #expect(slice.remainingChunks(rowsKept: 70) == 6..<10)
        // Chunk 6 then adds only its rows from 390 on; chunk 7 all 64.
        #expect(slice.rowsWritten(byChunk: 6, from: 390) == 448 - 390)
        #expect(slice.rowsWritten(byChunk: 7, from: 390) == 64)
        #expect(slice.rowsDone(before: 8) == 512 - 320)
        #expect(slice.rowsDone(before: 10) == 320)
        #expect(slice.shardArgument == " --shard 2/3")
        #expect(SweepSlice(totalPoints: 10).shardArgument == "")
    }
}
