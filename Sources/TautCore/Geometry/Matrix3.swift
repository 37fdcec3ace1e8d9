/// A 3×3 matrix of doubles stored by columns.
public struct Matrix3: Equatable, Sendable {
    public var c0: Vector3
    public var c1: Vector3
    public var c2: Vector3

    @inlinable @inline(__always) public init(columns c0: Vector3, _ c1: Vector3, _ c2: Vector3) {
        self.c0 = c0
        self.c1 = c1
        self.c2 = c2
    }

    /// Builds a matrix from its rows.
    @inlinable @inline(__always) public init(rows r0: Vector3, _ r1: Vector3, _ r2: Vector3) {
        self.init(columns: Vector3(r0.x, r1.x, r2.x), Vector3(r0.y, r1.y, r2.y), Vector3(r0.z, r1.z, r2.z))
    }

    public static let identity = Matrix3(diagonal: Vector3(1, 1, 1))
    public static let zero = Matrix3(columns: .zero, .zero, .zero)

    @inlinable @inline(__always) public init(diagonal d: Vector3) {
        self.init(columns: Vector3(d.x, 0, 0), Vector3(0, d.y, 0), Vector3(0, 0, d.z))
    }

    /// The outer product `a bᵀ`.
    @inlinable @inline(__always) public static func outer(_ a: Vector3, _ b: Vector3) -> Matrix3 {
        Matrix3(columns: a * b.x, a * b.y, a * b.z)
    }

    /// The skew-symmetric matrix `[v]×` with `[v]× w = v × w`.
    @inlinable @inline(__always) public static func skew(_ v: Vector3) -> Matrix3 {
        Matrix3(columns: Vector3(0, v.z, -v.y), Vector3(-v.z, 0, v.x), Vector3(v.y, -v.x, 0))
    }

    /// Element at `row`, `column` (both 0-based).
    @inlinable public subscript(row: Int, column: Int) -> Double {
        get {
            switch column {
            case 0: return c0[row]
            case 1: return c1[row]
            default: return c2[row]
            }
        }
        set {
            switch column {
            case 0: c0[row] = newValue
            case 1: c1[row] = newValue
            default: c2[row] = newValue
            }
        }
    }

    @inlinable @inline(__always) public var transpose: Matrix3 {
        Matrix3(rows: c0, c1, c2)
    }

    @inlinable public var trace: Double { c0.x + c1.y + c2.z }

    @inlinable public var determinant: Double { c0.dot(c1.cross(c2)) }

    @inlinable @inline(__always) public static func * (m: Matrix3, v: Vector3) -> Vector3 {
        m.c0 * v.x + m.c1 * v.y + m.c2 * v.z
    }

    @inlinable @inline(__always) public static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
        Matrix3(columns: a * b.c0, a * b.c1, a * b.c2)
    }

    @inlinable @inline(__always) public static func * (m: Matrix3, s: Double) -> Matrix3 {
        Matrix3(columns: m.c0 * s, m.c1 * s, m.c2 * s)
    }

    @inlinable @inline(__always) public static func + (a: Matrix3, b: Matrix3) -> Matrix3 {
        Matrix3(columns: a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2)
    }

    @inlinable @inline(__always) public static func - (a: Matrix3, b: Matrix3) -> Matrix3 {
        Matrix3(columns: a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2)
    }

    @inlinable @inline(__always) public static func += (a: inout Matrix3, b: Matrix3) { a = a + b }
}
