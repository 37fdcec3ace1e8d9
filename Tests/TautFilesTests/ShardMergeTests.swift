import Foundation
import Testing
import TautFiles

/// The pieces of `taut merge` that the command-line tests do not reach one by one: shard
/// names, records of both kinds (a sample's only by its fields), `--array` ranges, shell words.
@Suite struct ShardMergeTests {
    @Test func shardFileNamesReadBackOnlyInTheirOwnSpelling() {
        #expect(ShardNumber(fileName: "shard-3-of-8.csv") == ShardNumber(number: 3, count: 8))
        for name in ["shard-03-of-8.csv", "shard-9-of-8.csv", "shard-0-of-8.csv", "shard-+3-of-8.csv", "shard-3-of-8.csv.tmp", "merged.csv", "shard-3-8.csv"] {
            #expect(ShardNumber(fileName: name) == nil, "\(name)")
        }
        #expect(ShardNumber("2/4")?.fileName == "shard-2-of-4.csv")
        #expect(ShardNumber("5/4") == nil && ShardNumber("1/0") == nil && ShardNumber("1/2/3") == nil)
    }

    @Test func aShardRecordIsTheRunsRecordWithTheShardLast() throws {
        let run = #"# taut sweep {"scenario":"s","axes":["a.rest_length_scale=0.7:1.0:100","b.stiffness_scale=1:2:7"]}"#
        let shard = try #require(ShardRecord(line: String(run.dropLast()) + #","shard":"2/3"}"#))
        #expect(shard.runLine == run + "\n" && shard.shard == ShardNumber(number: 2, count: 3))
        // 700 points = 11 chunks of 64; shard 2 of 3 takes chunks 3..<7.
        #expect(try shard.expectedRows() == (whole: 700, shard: 4 * 64))
        let whole = try #require(ShardRecord(line: run))
        #expect(whole.shard == ShardNumber(number: 1, count: 1))
        #expect(try whole.expectedRows() == (whole: 700, shard: 700))
        // The shard field elsewhere than last, or not K/N with N > 1: not a record merge reads.
        #expect(ShardRecord(line: #"# taut sweep {"shard":"2/3","axes":["a.x=0:1:2"]}"#) == nil)
        #expect(ShardRecord(line: #"# taut sweep {"axes":["a.x=0:1:2"],"shard":"1/1"}"#) == nil)
        #expect(ShardRecord(line: #"# taut plot {"axes":[]}"#) == nil)
    }

    /// What `taut sample` must record: `samples` and `cases`; samples cut like sweep points.
    @Test func aSampleRecordNeedsOnlyItsFields() throws {
        let line = #"# taut sample {"scenario":"s","seed":7,"samples":1000,"cases":["baseline","short","massage"],"shard":"4/4"}"#
        let record = try #require(ShardRecord(line: line))
        // 1000 samples = 16 chunks; shard 4 of 4 takes chunks 12..<16: samples 768..<1000.
        #expect(try record.expectedRows() == (whole: 3000, shard: 232 * 3))
        let other = try #require(ShardRecord(line: line.replacingOccurrences(of: #""seed":7"#, with: #""seed":8"#)))
        #expect(other.difference(from: record) == "seed '8' (the run: '7')")
        #expect(throws: ShardRecord.Unreadable.self) { try ShardRecord(line: #"# taut sample {"seed":7,"cases":["a"]}"#)!.expectedRows() }
    }

    @Test func arrayRangesAndShellWords() throws {
        #expect(ShardMerge.ranges([7, 1, 2, 3, 9, 10, 2]) == "1-3,7,9-10")
        #expect(ShardMerge.ranges([4]) == "4")
        // Plain words as bash's printf %q leaves them; anything else quoted.
        #expect(ShardMerge.shellWord("/work/out_1/a-b.c") == "/work/out_1/a-b.c")
        #expect(ShardMerge.shellWord("my dir") == "'my dir'")
        #expect(ShardMerge.shellWord("it's") == #"'it'\''s'"#)
    }
}
