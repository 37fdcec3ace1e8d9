import Testing
import TautCore

@Test func smokeFreeBody() throws {
    let solver = try EquilibriumSolver(model: Fixtures.freeBody(muscles: 10))
    let e = try solver.solve()
    print("free", e.iterations, e.residualHistory, e.pose.position, e.stability.eigenvalues)
    let g = try EquilibriumSolver(model: Fixtures.girdle())
    let r = try g.solve()
    print("girdle", r.iterations, r.residualHistory, r.pose.position, ISBAngles(r.pose.rotation), r.constraints.map { ($0.name, $0.force, $0.pulls) }, r.stability.eigenvalues)
    let gu = try EquilibriumSolver(model: Fixtures.girdle(unilateral: true))
    let ru = try gu.solve()
    print("girdleU", ru.iterations, ru.residualHistory, ru.pose.position, ISBAngles(ru.pose.rotation), ru.constraints.map { ($0.name, $0.force, $0.active) }, ru.stability.eigenvalues)
}
