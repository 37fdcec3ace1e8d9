import Foundation
import Testing
@testable import TautFiles

/// The reader of sweep files (`SweepFile`), as `taut plot` reads them.
@Suite struct SweepFileReaderTests {
    @Test func readsQuotedFieldsCommentsAndCRLF() throws {
        let text = "\u{FEFF}# a comment\r\nx,\"y, quoted\",z\r\n1,\"2\",3\r\n\r\n4,5,\"he said \"\"6\"\"\"\r\n"
        let csv = try SweepFile.parse(text, file: "f.csv")
        #expect(csv.columns == ["x", "y, quoted", "z"])
        #expect(csv.rows.map(\.fields) == [["1", "2", "3"], ["4", "5", "he said \"6\""]])
        #expect(csv.rows.map(\.line) == [3, 5])
        #expect(csv.axisColumns.isEmpty)
    }

    @Test func malformedFilesAreNamedWithTheLine() throws {
        #expect(throws: InputError(file: "f.csv", line: 3, message: "the row has 2 fields, the header 3: not a sweep CSV, or a damaged one")) {
            try SweepFile.parse("a,b,c\n1,2,3\n1,2\n4,5,6\n", file: "f.csv")
        }
        #expect(throws: InputError.self) { try SweepFile.parse("", file: "f.csv") }
        #expect(throws: InputError.self) { try SweepFile.parse("a,a\n1,2\n", file: "f.csv") }
        #expect(throws: InputError.self) { try SweepFile.parse("a,b\n\"1,2\n", file: "f.csv") }
        do {
            _ = try SweepFile.parse("{\"a\": 1}\n", file: "f.jsonl")
            Issue.record("JSON lines accepted")
        } catch let e as InputError {
            #expect(e.message.contains("--format csv"))
        }
        // An interrupted sweep's partial last line is skipped with a warning.
        let csv = try SweepFile.parse("a,b,c\n1,2,3\n4,5", file: "f.csv")
        #expect(csv.rows.count == 1 && csv.warnings.count == 1 && csv.warnings[0].contains("f.csv:3"))
        // Text where a number belongs names line and column.
        let bad = try SweepFile.parse("a,b\n1,x\n", file: "f.csv")
        #expect(throws: InputError(file: "f.csv", line: 2, key: "b", message: "'x' is not a number")) { try bad.number(bad.rows[0], 1) }
    }

    /// Taut writes no inf or nan (a failed point's fields are empty): a cell holding one
    /// is refused with its line and column, not plotted as a gap.
    @Test(arguments: ["inf", "-inf", "nan", "NaN", "1e999"])
    func nonFiniteCellsAreRefused(cell: String) throws {
        let csv = try SweepFile.parse("a,b\n1,\(cell)\n2,3\n", file: "f.csv")
        #expect(throws: InputError(file: "f.csv", line: 2, key: "b", message: "'\(cell)' is not a finite number")) {
            try csv.number(csv.rows[0], 1)
        }
        #expect(try csv.number(csv.rows[1], 1) == 3)
    }
}
