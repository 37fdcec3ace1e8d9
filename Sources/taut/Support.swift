import ArgumentParser
import Foundation
import TautCore
import TautFiles

/// Runs `body`; bad input ends the program with its message and exit status 2.
func inputOrExit<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as InputError {
        printError("taut: \(e)")
        throw ExitCode(2)
    } catch let e as EquilibriumError {
        if case .invalidParameter = e {
            printError("taut: \(e)")
            throw ExitCode(2)
        }
        throw e
    }
}

/// `a, b or c`: the choices of an option, from the engine's or the writers' own list.
func choices(_ words: [String]) -> String {
    words.count < 2 ? words.joined() : words.dropLast().joined(separator: ", ") + " or " + words.last!
}

func printError(_ message: String) {
    Output.standardError(message + "\n")
}

/// Writes `text` to `path` atomically (nothing half-written on failure), or to standard
/// output; exit status 3 when it cannot be written, 2 when the path is unusable (`Output`).
func write(_ text: String, to path: String?) throws {
    try Output.write(text, to: path)
}

/// Columns of the terminal on standard output (COLUMNS, else 100).
func terminalWidth() -> Int {
    var size = winsize()
    if isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
        return Int(size.ws_col)
    }
    if let c = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int(c) { return n }
    return 100
}
