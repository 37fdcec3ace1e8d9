import CLapack

/// Every buffer a solver writes, carved from one block that is allocated when the solver
/// is made and freed with it: a Newton iteration allocates nothing. Sizes come from the
/// model: m constraint equations, c constraints, n muscles, l muscle lanes (a multiple of
/// four). An empty buffer is a valid, empty buffer (no `max(1, m)` anywhere).
final class Workspace {
    // Per constraint equation (m).
    /// Gradient of each equation's residual in the pose coordinates (m/m, m/rad).
    let jacobian: UnsafeMutableBufferPointer<PoseGradient>
    /// Residual of each equation, m.
    let residuals: UnsafeMutableBufferPointer<Double>
    /// Multiplier (reaction) of each equation, N, and the Newton step's new ones.
    let multipliers: UnsafeMutableBufferPointer<Double>
    let newMultipliers: UnsafeMutableBufferPointer<Double>
    /// The active equations, in order (the first `activeCount` entries).
    let activeEquations: UnsafeMutableBufferPointer<Int>

    // Per constraint (c).
    /// Whether each constraint is pressed (active) or, a unilateral contact, lifted off.
    let active: UnsafeMutableBufferPointer<Bool>

    // Per muscle (n).
    /// Path length of each muscle, m, for the result.
    let lengths: UnsafeMutableBufferPointer<Double>

    /// The scaled residual of each iterate of the current solve.
    let history: UnsafeMutableBufferPointer<Double>

    // The Newton system, up to (6 + m)² (`KKTSystem`).
    let kktMatrix: UnsafeMutableBufferPointer<Double>
    let kktRightHandSide: UnsafeMutableBufferPointer<Double>
    let kktPivots: UnsafeMutableBufferPointer<Int32>
    let kktWork: UnsafeMutableBufferPointer<Double>

    // The muscle lanes (`SegmentLanes`): per group of four lanes the springs' stiffness
    // (N/m) and rest length (m), whether all four are springs; per lane whether it is a
    // spring; the rows X (l × 10) and Y (l × 14) and their product Xᵀ Y (10 × 14).
    let springStiffness: UnsafeMutableBufferPointer<SIMD4<Double>>
    let springRestLength: UnsafeMutableBufferPointer<SIMD4<Double>>
    let allSprings: UnsafeMutableBufferPointer<Bool>
    let laneIsSpring: UnsafeMutableBufferPointer<Bool>
    let rowsX: UnsafeMutableBufferPointer<Double>
    let rowsY: UnsafeMutableBufferPointer<Double>
    let product: UnsafeMutableBufferPointer<Double>

    private let block: UnsafeMutableRawPointer

    init(equations m: Int, constraints c: Int, muscles n: Int, lanes l: Int, iterations: Int) {
        let kkt = 6 + m
        let kktWorkCount = Self.kktWorkSize(kkt)
        var carver = Carver()
        let slots = (
            jacobian: carver.reserve(PoseGradient.self, m),
            residuals: carver.reserve(Double.self, m),
            multipliers: carver.reserve(Double.self, m),
            newMultipliers: carver.reserve(Double.self, m),
            activeEquations: carver.reserve(Int.self, m),
            active: carver.reserve(Bool.self, c),
            lengths: carver.reserve(Double.self, n),
            history: carver.reserve(Double.self, iterations + 2),
            kktMatrix: carver.reserve(Double.self, kkt * kkt),
            kktRightHandSide: carver.reserve(Double.self, kkt),
            kktPivots: carver.reserve(Int32.self, kkt),
            kktWork: carver.reserve(Double.self, kktWorkCount),
            springStiffness: carver.reserve(SIMD4<Double>.self, l / 4),
            springRestLength: carver.reserve(SIMD4<Double>.self, l / 4),
            allSprings: carver.reserve(Bool.self, l / 4),
            laneIsSpring: carver.reserve(Bool.self, l),
            rowsX: carver.reserve(Double.self, 10 * l),
            rowsY: carver.reserve(Double.self, 14 * l),
            product: carver.reserve(Double.self, 10 * 14))
        let block = UnsafeMutableRawPointer.allocate(byteCount: max(1, carver.size), alignment: carver.alignment)
        self.block = block
        func bind<T>(_ slot: Carver.Slot, _ value: T) -> UnsafeMutableBufferPointer<T> {
            let start = (block + slot.offset).bindMemory(to: T.self, capacity: slot.count)
            let buffer = UnsafeMutableBufferPointer(start: start, count: slot.count)
            buffer.initialize(repeating: value)
            return buffer
        }
        jacobian = bind(slots.jacobian, .zero)
        residuals = bind(slots.residuals, 0)
        multipliers = bind(slots.multipliers, 0)
        newMultipliers = bind(slots.newMultipliers, 0)
        activeEquations = bind(slots.activeEquations, 0)
        active = bind(slots.active, true)
        lengths = bind(slots.lengths, 0)
        history = bind(slots.history, 0)
        kktMatrix = bind(slots.kktMatrix, 0)
        kktRightHandSide = bind(slots.kktRightHandSide, 0)
        kktPivots = bind(slots.kktPivots, 0)
        kktWork = bind(slots.kktWork, 0)
        springStiffness = bind(slots.springStiffness, .zero)
        springRestLength = bind(slots.springRestLength, .zero)
        allSprings = bind(slots.allSprings, true)
        laneIsSpring = bind(slots.laneIsSpring, true)  // padding counts as a spring of stiffness 0
        rowsX = bind(slots.rowsX, 0)
        // The last column of X is the row of ones.
        if l > 0 { UnsafeMutableBufferPointer(rebasing: rowsX[(9 * l)...]).update(repeating: 1) }
        rowsY = bind(slots.rowsY, 0)
        product = bind(slots.product, 0)
    }

    deinit {
        block.deallocate()
    }

    /// The workspace `dsysv` needs for a system of size `n` (LAPACK's query, at least 64 n).
    private static func kktWorkSize(_ n: Int) -> Int {
        var order = Int32(n), one: Int32 = 1, query: Int32 = -1, info: Int32 = 0
        var matrix = 0.0, rhs = 0.0, best = 0.0
        var pivot: Int32 = 0
        dsysv_("L", &order, &one, &matrix, &order, &pivot, &rhs, &order, &best, &query, &info, 1)
        return max(64 * n, Int(best))
    }

    /// Offsets of typed buffers in one block, each aligned for its type.
    private struct Carver {
        struct Slot {
            let offset: Int
            let count: Int
        }
        private(set) var size = 0
        private(set) var alignment = 16

        mutating func reserve<T>(_ type: T.Type, _ count: Int) -> Slot {
            let a = MemoryLayout<T>.alignment
            alignment = max(alignment, a)
            let offset = (size + a - 1) / a * a
            size = offset + count * MemoryLayout<T>.stride
            return Slot(offset: offset, count: count)
        }
    }
}
