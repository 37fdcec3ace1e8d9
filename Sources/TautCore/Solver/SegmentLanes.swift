import CLapack

/// The muscles whose path has one moving segment (a thorax point to a scapula point,
/// with any constant segments before or after it): nearly every muscle. Their segment
/// ends are stored by coordinate, four muscles to a `SIMD4` group (the last group padded
/// with muscle −1), so that the kinematics of four muscles is computed at once.
///
/// The Hessian of such a muscle is in closed form. With u the unit segment (from the
/// thorax point to the scapula point), a the arm of the scapula point, w = a × u,
/// ℓ the segment length, T the tension, K the stiffness, α = T/ℓ and β = K − α, it is
///
///     pp = αI + β u uᵀ,  pr = −α[a]× + β u wᵀ,
///     rr = α(|a|² I − a aᵀ) + β w wᵀ + T(½(u aᵀ + a uᵀ) − (u·a) I).
///
/// `derivatives` writes each muscle's rows x = (u, w, a, 1) and y = (βu, βw, αa, Ta, T, α);
/// one BLAS `dgemm`, Xᵀ Y, then sums every Hessian term at once: the outer products,
/// and with the row of ones and the columns T and α, the sums Σ α, Σ α a and Σ T.
final class SegmentLanes {
    /// Per lane: the muscle's index in the model, or −1 for padding.
    let muscles: [Int]
    /// Per group of four lanes: thorax-frame segment start (m), scapula-frame segment
    /// end (m), and the constant length of the rest of the path (m).
    let groundX: [SIMD4<Double>], groundY: [SIMD4<Double>], groundZ: [SIMD4<Double>]
    let localX: [SIMD4<Double>], localY: [SIMD4<Double>], localZ: [SIMD4<Double>]
    let constantLength: [SIMD4<Double>]
    /// Per group: the springs' stiffness (N/m) and rest length (m), 0 and 0 in a lane
    /// whose muscle is not a spring, and whether every lane is a spring (or padding), so
    /// that the group's tensions are computed four at a time. Updated by `setLaw`.
    private let springStiffness: UnsafeMutableBufferPointer<SIMD4<Double>>
    private let springRestLength: UnsafeMutableBufferPointer<SIMD4<Double>>
    private let allSprings: UnsafeMutableBufferPointer<Bool>
    private let laneIsSpring: UnsafeMutableBufferPointer<Bool>
    /// Per muscle of the model: its lane, or −1.
    let laneOfMuscle: [Int]
    /// BroadcastPose X (lanes × 10: u, w, a, 1) and Y (lanes × 14: βu, βw, αa, Ta, T, α),
    /// column-major, and the product Xᵀ Y (10×14).
    private let rowsX: UnsafeMutablePointer<Double>
    private let rowsY: UnsafeMutablePointer<Double>
    private let product: UnsafeMutablePointer<Double>
    /// The owner of the buffers above, kept alive as long as the lanes.
    private let workspace: Workspace

    var laneCount: Int { muscles.count }

    /// The lanes that `paths` need: the muscles with one moving segment, rounded up to a
    /// multiple of four.
    static func laneCount(_ paths: [CompiledPath]) -> Int {
        (paths.filter { $0.segments.count == 1 }.count + 3) / 4 * 4
    }

    /// - Parameters:
    ///   - paths: every muscle's path; those with one moving segment get a lane.
    ///   - workspace: sized for `laneCount(paths)` lanes.
    init(_ paths: [CompiledPath], laws: [ForceLaw], workspace: Workspace) {
        var muscles: [Int] = []
        var data: [CompiledPath] = []
        for (i, path) in paths.enumerated() where path.segments.count == 1 {
            muscles.append(i)
            data.append(path)
        }
        // Padding: copies of the first lane that belong to no muscle (no tension).
        while muscles.count % 4 != 0 {
            muscles.append(-1)
            data.append(data[0])
        }
        func gather(_ value: (Segment, Double) -> Double) -> [SIMD4<Double>] {
            stride(from: 0, to: data.count, by: 4).map { g in
                SIMD4((0..<4).map { value(data[g + $0].segments[0], data[g + $0].constantLength) })
            }
        }
        self.muscles = muscles
        groundX = gather { s, _ in s.ground.x }
        groundY = gather { s, _ in s.ground.y }
        groundZ = gather { s, _ in s.ground.z }
        localX = gather { s, _ in s.local.x }
        localY = gather { s, _ in s.local.y }
        localZ = gather { s, _ in s.local.z }
        constantLength = gather { _, c in c }
        var laneOfMuscle = [Int](repeating: -1, count: paths.count)
        for (lane, m) in muscles.enumerated() where m >= 0 { laneOfMuscle[m] = lane }
        self.laneOfMuscle = laneOfMuscle
        precondition(workspace.laneIsSpring.count == muscles.count, "the workspace is sized for other lanes")
        self.workspace = workspace
        springStiffness = workspace.springStiffness
        springRestLength = workspace.springRestLength
        allSprings = workspace.allSprings
        laneIsSpring = workspace.laneIsSpring
        rowsX = workspace.rowsX.baseAddress!
        rowsY = workspace.rowsY.baseAddress!
        product = workspace.product.baseAddress!
        for (m, law) in laws.enumerated() { setLaw(law, forMuscle: m) }
    }

    /// Records muscle `m`'s new law in its lane (nothing for a muscle outside the lanes).
    func setLaw(_ law: ForceLaw, forMuscle m: Int) {
        let lane = laneOfMuscle[m]
        guard lane >= 0 else { return }
        let g = lane / 4
        var spring = LinearSpring(stiffness: 0, restLength: 0)
        if case .spring(let s) = law { spring = s }
        springStiffness[g][lane % 4] = spring.stiffness
        springRestLength[g][lane % 4] = spring.restLength
        if case .spring = law { laneIsSpring[lane] = true } else { laneIsSpring[lane] = false }
        allSprings[g] = (0..<4).allSatisfy { laneIsSpring[4 * g + $0] }
    }

    /// The segment's kinematics for group `g`: arm a = R r (m), segment d = p + a − t (m)
    /// and its length ℓ (m), by coordinate.
    @inline(__always) private func kinematics(_ g: Int, _ r: BroadcastPose) -> (ax: SIMD4<Double>, ay: SIMD4<Double>, az: SIMD4<Double>,
                                                                      dx: SIMD4<Double>, dy: SIMD4<Double>, dz: SIMD4<Double>,
                                                                      l: SIMD4<Double>) {
        let lx = localX[g], ly = localY[g], lz = localZ[g]
        let ax = r.m00 * lx + r.m01 * ly + r.m02 * lz
        let ay = r.m10 * lx + r.m11 * ly + r.m12 * lz
        let az = r.m20 * lx + r.m21 * ly + r.m22 * lz
        let dx = r.px + ax - groundX[g], dy = r.py + ay - groundY[g], dz = r.pz + az - groundZ[g]
        return (ax, ay, az, dx, dy, dz, (dx * dx + dy * dy + dz * dz).squareRoot())
    }

    /// The pose's rotation entries and position, each broadcast to four lanes.
    private struct BroadcastPose {
        let m00, m01, m02, m10, m11, m12, m20, m21, m22, px, py, pz: SIMD4<Double>
        init(_ pose: Pose) {
            let c0 = pose.rotation.c0, c1 = pose.rotation.c1, c2 = pose.rotation.c2
            m00 = .init(repeating: c0.x); m01 = .init(repeating: c1.x); m02 = .init(repeating: c2.x)
            m10 = .init(repeating: c0.y); m11 = .init(repeating: c1.y); m12 = .init(repeating: c2.y)
            m20 = .init(repeating: c0.z); m21 = .init(repeating: c1.z); m22 = .init(repeating: c2.z)
            px = .init(repeating: pose.position.x); py = .init(repeating: pose.position.y); pz = .init(repeating: pose.position.z)
        }
    }

    /// Tension T (N) and stiffness K (N/m) of group `g`'s muscles at path lengths `path`
    /// (m): four springs at once, other laws lane by lane.
    @inline(__always) private func response(_ g: Int, _ path: SIMD4<Double>, _ laws: [ForceLaw]) -> (t: SIMD4<Double>, k: SIMD4<Double>) {
        if allSprings[g] {
            let stretch = path - springRestLength[g]
            let k = springStiffness[g].replacing(with: 0, where: stretch .<= 0)
            return (k * stretch, k)
        }
        var t = SIMD4<Double>(), k = SIMD4<Double>()
        for lane in 0..<4 {
            let m = muscles[4 * g + lane]
            if m >= 0 { (t[lane], k[lane]) = laws[m].response(length: path[lane]) }
        }
        return (t, k)
    }

    /// Path length (m) of every lane's muscle, written to `lengths` by muscle index.
    func lengths(at pose: Pose, into lengths: UnsafeMutableBufferPointer<Double>) {
        let r = BroadcastPose(pose)
        for g in groundX.indices {
            let path = constantLength[g] + kinematics(g, r).l
            for lane in 0..<4 where muscles[4 * g + lane] >= 0 { lengths[muscles[4 * g + lane]] = path[lane] }
        }
    }

    /// Summed elastic potential (J) of the lanes' muscles.
    func energy(at pose: Pose, laws: [ForceLaw]) -> Double {
        let r = BroadcastPose(pose)
        var u = 0.0
        for g in groundX.indices {
            let path = constantLength[g] + kinematics(g, r).l
            if allSprings[g] {
                let stretch = (path - springRestLength[g]).replacing(with: 0, where: path .<= springRestLength[g])
                u += (0.5 * springStiffness[g] * stretch * stretch).sum()
                continue
            }
            for lane in 0..<4 {
                let m = muscles[4 * g + lane]
                if m >= 0 { u += laws[m].potential(length: path[lane]) }
            }
        }
        return u
    }

    /// Gradient and Hessian of the lanes' potential, and the sum of their tensions (N).
    func derivatives(at pose: Pose, laws: [ForceLaw]) -> (gradient: PoseGradient, hessian: PoseHessian, tension: Double) {
        let n = laneCount
        guard n > 0 else { return (.zero, .zero, 0) }
        let r = BroadcastPose(pose)
        // The gradient is summed here rather than in the dgemm, so that its rounding is
        // the same on every BLAS kernel (with or without fused multiply-adds).
        var fx = SIMD4<Double>(), fy = SIMD4<Double>(), fz = SIMD4<Double>()
        var mx = SIMD4<Double>(), my = SIMD4<Double>(), mz = SIMD4<Double>()
        for g in groundX.indices {
            let (ax, ay, az, dx, dy, dz, l) = kinematics(g, r)
            let path = constantLength[g] + l
            let (t, k) = response(g, path, laws)
            let inverse = 1 / l
            let ux = dx * inverse, uy = dy * inverse, uz = dz * inverse
            let wx = ay * uz - az * uy, wy = az * ux - ax * uz, wz = ax * uy - ay * ux
            let alpha = t * inverse, beta = k - alpha
            fx += t * ux; fy += t * uy; fz += t * uz
            mx += t * wx; my += t * wy; mz += t * wz
            // Column c of X and of Y starts at c·n; group g fills rows 4g…4g+3.
            func store(_ base: UnsafeMutablePointer<Double>, _ column: Int, _ v: SIMD4<Double>) {
                UnsafeMutableRawPointer(base + column * n + 4 * g).storeBytes(of: v, as: SIMD4<Double>.self)
            }
            store(rowsX, 0, ux); store(rowsX, 1, uy); store(rowsX, 2, uz)
            store(rowsX, 3, wx); store(rowsX, 4, wy); store(rowsX, 5, wz)
            store(rowsX, 6, ax); store(rowsX, 7, ay); store(rowsX, 8, az)
            store(rowsY, 0, beta * ux); store(rowsY, 1, beta * uy); store(rowsY, 2, beta * uz)
            store(rowsY, 3, beta * wx); store(rowsY, 4, beta * wy); store(rowsY, 5, beta * wz)
            store(rowsY, 6, alpha * ax); store(rowsY, 7, alpha * ay); store(rowsY, 8, alpha * az)
            store(rowsY, 9, t * ax); store(rowsY, 10, t * ay); store(rowsY, 11, t * az)
            store(rowsY, 12, t); store(rowsY, 13, alpha)
        }
        // Xᵀ Y (10×14): rows u, w, a, 1; columns βu, βw, αa, Ta, T, α.
        var rows: Int32 = 10, columns: Int32 = 14, inner = Int32(n), ld = Int32(n)
        var one = 1.0, zero = 0.0
        dgemm_("T", "N", &rows, &columns, &inner, &one, rowsX, &ld, rowsY, &ld, &zero, product, &rows, 1, 1)
        let p = product
        func block(_ row: Int, _ column: Int) -> Matrix3 {
            let b = p + 3 * row + 10 * (3 * column)
            return Matrix3(columns: Vector3(b[0], b[1], b[2]), Vector3(b[10], b[11], b[12]), Vector3(b[20], b[21], b[22]))
        }
        func column(_ row: Int, _ c: Int) -> Vector3 {
            let b = p + 3 * row + 10 * c
            return Vector3(b[0], b[1], b[2])
        }
        let uu = block(0, 0), uw = block(0, 1), ww = block(1, 1), aa = block(2, 2), ua = block(0, 3)
        // Σ α a; Σ T, Σ α (the row of ones); Σ(α|a|² − T u·a) = tr(aa) − tr(ua).
        let tensionColumn = 12, alphaColumn = 13
        let gradient = PoseGradient(
            translational: Vector3(fx.sum(), fy.sum(), fz.sum()), rotational: Vector3(mx.sum(), my.sum(), mz.sum()))
        let arm = column(2, alphaColumn)
        let sumTension = p[9 + 10 * tensionColumn], sumAlpha = p[9 + 10 * alphaColumn]
        let diagonal = aa.trace - ua.trace
        var h = PoseHessian.zero
        h.pp = Matrix3(diagonal: Vector3(repeating: sumAlpha)) + uu
        h.pr = uw - Matrix3.skew(arm)
        h.rr = Matrix3(diagonal: Vector3(repeating: diagonal)) - aa + ww + (ua + ua.transpose) * 0.5
        return (gradient, h, sumTension)
    }
}
