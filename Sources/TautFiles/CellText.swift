import Foundation

// How numbers and cells are printed: one decimal in tables and captions, shortest
// round-trip and RFC 4180 quoting in CSV.

/// One decimal; values that round to zero print as 0.0, never −0.0. Public so that the
/// pictures' captions (TautPictures) print the numbers as the tables do.
public func oneDecimal(_ x: Double) -> String { String(format: "%.1f", locale: nil, abs(x) < 0.05 ? 0 : x) }
/// One decimal with its sign; a value that rounds to zero is "+0.0" whatever the sign of
/// its round-off (so tables do not depend on the BLAS kernel).
public func signedOneDecimal(_ x: Double) -> String { String(format: "%+.1f", locale: nil, abs(x) < 0.05 ? 0 : x) }

/// The shortest decimal that reads back as the same Double (CSV cells).
func roundTrip(_ x: Double) -> String { "\(x)" }

/// A CSV cell (RFC 4180): quoted, with inner quotes doubled, when it holds a comma, a
/// quote or a line break; as it is otherwise.
func csvField(_ s: String) -> String {
    s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
}
