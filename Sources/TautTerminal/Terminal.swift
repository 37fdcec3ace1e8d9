import Foundation

/// Writes a line to standard error (never fails: there is nowhere left to report it).
public func printError(_ message: String) {
    Output.standardError(message + "\n")
}

/// Writes `text` to `path` atomically (nothing half-written on failure), or to standard
/// output; exit status 3 when it cannot be written, 2 when the path is unusable (`Output`).
public func write(_ text: String, to path: String?) throws {
    try Output.write(text, to: path)
}

/// Columns of the terminal on standard output (COLUMNS, else 100).
public func terminalWidth() -> Int {
    var size = winsize()
    if isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
        return Int(size.ws_col)
    }
    if let c = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int(c) { return n }
    return 100
}
