import Foundation

/// A progress bar on standard error (points done, rate, time left), only when standard
/// error is a terminal; redrawn at most ten times a second.
public final class Progress {
    public let total: Int
    public let enabled = isatty(STDERR_FILENO) != 0
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    public init(total: Int) { self.total = total }

    public func update(_ done: Int) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let done = min(done, total)
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let fraction = total == 0 ? 1 : Double(done) / Double(total)
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        var left = "--:--"
        if rate > 0 { left = Self.duration(Double(total - done) / rate) }
        let line = "\r[\(bar)] \(done)/\(total) points  \(String(format: "%.0f", rate)) points/s  \(left) left\u{1B}[K"
        Output.standardError(line)
        drawn = true
    }

    public func finish() {
        if drawn { Output.standardError("\r\u{1B}[K") }
        drawn = false
    }

    public static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
