import ArgumentParser
import Foundation
import TautCore
import TautFiles
import TautTerminal

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
