import ArgumentParser
import Foundation

/// Something `taut` could not write. `status` is the exit status: 2 when the destination
/// itself is unusable (no such directory, a directory, no permission, a dangling symbolic
/// link, locked by another sweep: nothing was written), 3 when writing failed (disk full,
/// a closed pipe, an I/O error).
public struct OutputError: Error {
    public var message: String
    public var status: Int32 = 3
}

/// The one home for what the commands write: standard output and `--output`/`--svg`
/// files. Every write is checked, so no command can exit 0 with its output lost.
///
/// - Standard output: written with write(2); EPIPE, ENOSPC, EIO… end the command with a
///   message naming the output and exit status 3 (SIGPIPE is ignored, so a closed pipe is
///   an error return rather than a silent death).
/// - A regular file or a new path: written to a temporary file in the same directory,
///   fsync'ed, then renamed over the path (atomic: the old file stays whole until the new
///   one is complete; the temporary file is removed on failure). The old file's mode and
///   owner are kept.
/// - A device, FIFO or other non-regular file (`/dev/null`, `/dev/stdout`, a named pipe):
///   written through, opened without O_CREAT or O_TRUNC; the node is never replaced.
/// - A symbolic link is followed: its target gets the treatment above (a regular target
///   is replaced atomically, the link itself stays a link); a link to nothing is refused
///   (exit 2), since it is unclear where the file should go.
public enum Output {
    /// Called once before anything runs: a closed pipe (SIGPIPE) or a file-size limit
    /// (SIGXFSZ) then shows up as a failed write (EPIPE, EFBIG) with a message, instead of
    /// killing the process.
    public static func prepareProcess() {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
    }

    /// Writes the whole of `text` to `path`, or to standard output when `path` is nil.
    /// - Throws: `ExitCode(2)` or `ExitCode(3)` after printing the message (see `OutputError`).
    public static func write(_ text: String, to path: String?) throws {
        do {
            if let path {
                try writeDocument(text, to: path)
            } else {
                try writeAll(STDOUT_FILENO, text, name: "standard output")
            }
        } catch let e as OutputError {
            throw failure(e)
        }
    }

    /// Prints the failure and gives the exit status to throw.
    public static func failure(_ e: OutputError) -> ExitCode {
        printError("taut: \(e.message)")
        return ExitCode(e.status)
    }

    /// Writes to standard error, ignoring failures (there is nowhere left to report them).
    public static func standardError(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Foundation.write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }

    // MARK: Destinations

    /// Where a path leads, after following a symbolic link.
    public enum Destination {
        /// No file yet at `path`: created atomically.
        case new(path: String)
        /// A regular file: replaced atomically, keeping its mode and owner.
        case regular(path: String, status: stat)
        /// A device, FIFO or socket: written through, never replaced.
        case special(path: String)
    }

    /// Resolves `path` (as the user gave it, used in messages).
    public static func destination(of path: String) throws(OutputError) -> Destination {
        var st = stat()
        if lstat(path, &st) != 0 {
            if errno == ENOENT { return .new(path: path) }
            throw OutputError(message: "cannot write \(path): \(errorText())", status: 2)
        }
        var target = path
        if st.st_mode & S_IFMT == S_IFLNK {
            guard let resolved = realpath(path, nil) else {
                let reason = errno == ENOENT ? "it is a symbolic link to a file that does not exist" : errorText()
                throw OutputError(message: "cannot write \(path): \(reason) (nothing written)", status: 2)
            }
            target = String(cString: resolved)
            free(resolved)
            if stat(target, &st) != 0 { throw OutputError(message: "cannot write \(path): \(errorText())", status: 2) }
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .regular(path: target, status: st)
        case S_IFDIR: throw OutputError(message: "cannot write \(path): it is a directory", status: 2)
        default: return .special(path: target)
        }
    }

    /// Writes a whole document to `path` (see the type's description).
    public static func writeDocument(_ text: String, to path: String) throws(OutputError) {
        do {
            try writeDocument(to: path) { fd throws(OutputError) in try writeAll(fd, text, name: path) }
        } catch let e as OutputError {
            throw e
        } catch {
            throw OutputError(message: "cannot write \(path): \(error)")
        }
    }

    /// Writes a document made in pieces (a merge of files larger than memory) by the same
    /// rules as `write`: `body` gets a function that writes bytes to `path`, or to standard
    /// output when `path` is nil. An error `body` throws leaves no file that looks
    /// complete (an atomic replacement is abandoned) and is rethrown.
    /// - Throws: `ExitCode(2)` or `ExitCode(3)` after printing the message (`OutputError`);
    ///   what `body` throws.
    public static func stream(to path: String?, _ body: (_ write: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        do {
            let name = path ?? "standard output"
            if let path {
                try writeDocument(to: path) { fd in try body { bytes throws(OutputError) in try writeAll(fd, bytes, name: name) } }
            } else {
                try body { bytes throws(OutputError) in try writeAll(STDOUT_FILENO, bytes, name: name) }
            }
        } catch let e as OutputError {
            throw failure(e)
        }
    }

    /// Writes a document to `path` through `contents`, which writes to a descriptor.
    static func writeDocument(to path: String, _ contents: (Int32) throws -> Void) throws {
        switch try destination(of: path) {
        case .new(let target):
            try replaceAtomically(target, keeping: nil, name: path, contents)
        case .regular(let target, let status):
            try refuseIfLocked(target, name: path)
            try replaceAtomically(target, keeping: status, name: path, contents)
        case .special(let target):
            let fd = open(target, O_WRONLY | O_NOCTTY)
            if fd < 0 { throw OutputError(message: "cannot write \(path): \(errorText())", status: 2) }
            defer { close(fd) }
            try contents(fd)
        }
    }

    /// A regular file that a running sweep holds locked (`OutputSink`) is not replaced:
    /// the sweep would go on writing a file that no longer has a name.
    static func refuseIfLocked(_ target: String, name: String) throws(OutputError) {
        let fd = open(target, O_RDONLY | O_NOCTTY)
        guard fd >= 0 else { return }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 && (errno == EWOULDBLOCK || errno == EAGAIN) {
            throw OutputError(message: "\(name) is locked: a taut sweep is writing it; nothing was written (wait for it, or write elsewhere)", status: 2)
        }
        flock(fd, LOCK_UN)
    }

    /// Temporary file beside `target`, fsync, rename over `target`; the temporary file is
    /// removed on any failure, so `target` is either the old file or the whole new one.
    static func replaceAtomically(_ target: String, keeping old: stat?, name: String, _ contents: (Int32) throws -> Void) throws {
        let directory = (target as NSString).deletingLastPathComponent
        let prefix = directory.isEmpty ? "" : directory.hasSuffix("/") ? directory : directory + "/"
        var template = Array("\(prefix).\((target as NSString).lastPathComponent).taut-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd < 0 { throw OutputError(message: "cannot write \(name): \(errorText())", status: 2) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var isOpen = true
        var done = false
        defer {
            if isOpen { close(fd) }
            if !done { unlink(temporary) }
        }
        let left = old == nil ? "nothing written" : "\(name) is left as it was"
        func failed(_ what: String) -> OutputError {
            OutputError(message: "cannot write \(name): \(what)\(errorText()) (\(left))")
        }
        if let old {
            _ = fchown(fd, old.st_uid, old.st_gid)
            _ = fchmod(fd, old.st_mode & 0o7777)
        } else {
            let mask = umask(0)
            umask(mask)
            _ = fchmod(fd, 0o666 & ~mask)
        }
        do {
            try contents(fd)
        } catch let error as OutputError {
            throw OutputError(message: "\(error.message) (\(left))")
        }
        if fsync(fd) != 0 { throw failed("") }
        isOpen = false
        if close(fd) != 0 { throw failed("") }
        if rename(temporary, target) != 0 { throw failed("cannot rename the finished file into place: ") }
        done = true
        let dir = Foundation.open(directory.isEmpty ? "." : directory, O_RDONLY)
        if dir >= 0 {
            _ = fsync(dir)
            close(dir)
        }
    }

    /// Writes every byte of `text` to `fd`.
    static func writeAll(_ fd: Int32, _ text: String, name: String) throws(OutputError) {
        var text = text
        let written = text.withUTF8 { bytes in
            Result { () throws(OutputError) in try writeAll(fd, UnsafeRawBufferPointer(bytes), name: name) }
        }
        try written.get()
    }

    /// Writes every byte of `bytes` to `fd`.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, name: String) throws(OutputError) {
        let failure: Int32? = {
            var offset = 0
            while offset < bytes.count {
                let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if n == 0 { return EIO }
                offset += n
            }
            return nil
        }()
        if let failure { throw OutputError(message: "cannot write \(name): \(String(cString: strerror(failure)))") }
    }

    /// Whether two paths name one file that a write would replace: the same existing
    /// regular file (device and inode, links followed), or, where neither exists yet, the
    /// same standardised path. (A device such as /dev/null may take both.)
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        if stat(a, &sa) == 0 && stat(b, &sb) == 0 {
            return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino && sa.st_mode & S_IFMT == S_IFREG
        }
        let absolute = { (p: String) in URL(fileURLWithPath: p).standardizedFileURL.path }
        return absolute(a) == absolute(b)
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}
