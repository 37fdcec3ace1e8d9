import ArgumentParser
import Foundation

/// A streamed output (a sweep's rows): standard output or a file written in place with
/// write(2), so every chunk reaches the file as soon as it is emitted and an interrupted
/// file can be resumed. A regular file is locked (flock) for the sink's lifetime: a second
/// sweep onto the same file refuses (exit 2) before touching it. When a write fails
/// (disk full), a regular file is cut back to the end of the last whole write, so it
/// holds only whole rows and `--resume` can complete it.
public final class OutputSink {
    let fd: Int32
    public let name: String
    /// A regular file (locked, cut back on failure, fsync'ed at the end).
    public let isRegularFile: Bool
    /// Bytes of the file known to be written whole.
    public private(set) var committed: off_t = 0

    /// Opens `path` (nil: standard output) and locks it; then truncates it, or when
    /// `keepingBytes` is given, cuts it to that many bytes and appends. A device or FIFO
    /// is written through (never truncated, never replaced); a symbolic link is followed.
    /// - Throws: `ExitCode(2)` after a message when it cannot open or lock the file.
    public init(path: String?, keepingBytes: Int?) throws {
        guard let path else {
            fd = STDOUT_FILENO
            name = "standard output"
            isRegularFile = false
            return
        }
        name = path
        let destination: Output.Destination
        do {
            destination = try Output.destination(of: path)
        } catch {
            throw Output.failure(error)
        }
        switch destination {
        case .new(let target), .regular(let target, _):
            // No O_TRUNC: the file is cut only once it is locked.
            fd = open(target, O_WRONLY | O_CREAT | O_NOCTTY, 0o644)
        case .special(let target):
            fd = open(target, O_WRONLY | O_NOCTTY)
        }
        if fd < 0 {
            printError("taut: cannot write \(path): \(Output.errorText())")
            throw ExitCode(2)
        }
        var st = stat()
        isRegularFile = fstat(fd, &st) == 0 && st.st_mode & S_IFMT == S_IFREG
        guard isRegularFile else { return }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 && (errno == EWOULDBLOCK || errno == EAGAIN) {
            close(fd)
            printError("taut: \(path) is locked: another taut sweep is writing it; the file was not touched (wait for that sweep, or write elsewhere)")
            throw ExitCode(2)
        }
        let keep = off_t(keepingBytes ?? 0)
        if ftruncate(fd, keep) != 0 || lseek(fd, 0, SEEK_END) < 0 {
            printError("taut: cannot \(keepingBytes == nil ? "write" : "resume") \(path): \(Output.errorText())")
            close(fd)
            throw ExitCode(2)
        }
        committed = keep
    }

    deinit {
        if fd != STDOUT_FILENO { close(fd) }
    }

    /// Writes all of `text`, or throws with the file cut back to what it held before.
    public func write(_ text: String) throws(OutputError) {
        do {
            try Output.writeAll(fd, text, name: name)
            committed += off_t(text.utf8.count)
        } catch {
            if isRegularFile {
                _ = ftruncate(fd, committed)
                _ = lseek(fd, committed, SEEK_SET)
            }
            throw error
        }
    }

    /// Makes sure the file's bytes are on disk (a full disk can show up only now).
    public func finish() throws(OutputError) {
        guard isRegularFile else { return }
        if fsync(fd) != 0 && errno != EINVAL {
            throw OutputError(message: "cannot write \(name): \(Output.errorText())")
        }
    }
}
