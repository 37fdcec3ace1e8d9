import Testing
import TautCore
@testable import TautFiles

/// Small changes around the calibrated shoulder model, where every muscle sits at its
/// passive onset (normalised fibre length 1): each must converge from the reference
/// pose in a few Newton iterations. (Before the onset was smoothed, lengthening
/// pectoralis minor by 1 % stalled for 200 iterations.)
@Test func smallChangesAroundTheBaselineConvergeQuickly() throws {
    let model = try #require(try Catalog.model(named: "shoulder-girdle"))
    var worst = 0
    for muscle in model.muscles {
        for setting: Scenario.Change.Setting in [.restLengthScale(0.99), .restLengthScale(1.01), .restLengthScale(1.1), .stiffnessScale(1.05)] {
            let changed = try Scenario.apply([.init(.muscle(muscle.name), setting)], to: model)
            let e = try EquilibriumSolver(model: changed).solve()
            #expect(e.iterations <= 15, "\(muscle.name) \(setting): \(e.iterations) iterations")
            #expect(e.stability.isStable)
            worst = max(worst, e.iterations)
        }
    }
    #expect(worst > 0)
}
