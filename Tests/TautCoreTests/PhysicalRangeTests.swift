import Testing
import TautCore

/// The physical ranges of model values (docs/FILES.md): each checked once, by
/// `Model.validate()`, at its bounds; and failure texts without inf or nan.
@Suite struct PhysicalRangeTests {
    static func invalid(_ model: Model) -> (field: String, message: String)? {
        do {
            try model.validate()
            return nil
        } catch EquilibriumError.invalidParameter(let field, let message) {
            return (field.description, message)
        } catch {
            Issue.record("\(error)")
            return nil
        }
    }

    static func withSpring(_ change: (inout LinearSpring) -> Void) -> Model {
        var model = Fixtures.twoSpringLine(k1: 400, k2: 400, rest1: 0.9, rest2: 0.9)
        guard case .spring(var s) = model.muscles[3].law else { fatalError() }
        change(&s)
        model.muscles[3].law = .spring(s)
        return model
    }

    @Test func aRangeHoldsItsBoundsAndNothingNonFinite() {
        let r = PhysicalRange(1e-3, 1e7, unit: "N/m", zeroAllowed: true)
        for x in [0, 1e-3, 1, 1e7] { #expect(r.contains(x), "\(x)") }
        for x in [-1, 1e-4, 1e-320, 1.0000001e7, .infinity, -.infinity, .nan] { #expect(!r.contains(x), "\(x)") }
        #expect(r.text == "0 or between 0.001 and 1e+07 N/m")
        #expect(r.complaint(.infinity) == "must be 0 or between 0.001 and 1e+07 N/m (not overflow)")
        #expect(!PhysicalRange(1, 2, unit: "m").contains(0))
        #expect(PhysicalRange.format(.nan) == "not a number")
    }

    @Test func springValuesAtAndPastTheirBounds() throws {
        let upper = LinearSpring.stiffnessRange.upper, shortest = Model.lengthRange.lower
        #expect(Self.invalid(Self.withSpring { $0.stiffness = upper }) == nil)
        #expect(Self.invalid(Self.withSpring { $0.stiffness = 0 }) == nil)
        for k in [upper.nextUp, 1e300, 5e-4, -1] {
            let e = try #require(Self.invalid(Self.withSpring { $0.stiffness = k }))
            #expect(e.field == "muscles[3] (right1).stiffness" && e.message.contains("between 0.001 and 1e+07 N/m"), "\(e)")
        }
        #expect(Self.invalid(Self.withSpring { $0.restLength = shortest }) == nil)
        for rest in [shortest.nextDown, 1e-300, 1e-320, 2.2e-308, 10.5] {
            let e = try #require(Self.invalid(Self.withSpring { $0.restLength = rest }))
            #expect(e.field.hasSuffix("rest_length") && e.message.contains("between 1e-06 and 10 m"), "\(e)")
        }
    }

    @Test func theScapulaAndItsSurroundings() throws {
        var model = Fixtures.twoSpringLine(k1: 400, k2: 400, rest1: 0.9, rest2: 0.9)
        #expect(Self.invalid(model) == nil)
        model.scapula.mass = 100
        #expect(Self.invalid(model) == nil)
        for mass in [1e300, 1e-7, 2.2e-308, 0] {
            model.scapula.mass = mass
            #expect(Self.invalid(model)?.field == "scapula.mass")
        }
        model.scapula.mass = 0.5
        model.scapula.referencePose.position = Vector3(0.9, 0, 0.5)
        #expect(Self.invalid(model)?.field == "scapula.reference_pose.position", "1.03 m from the thorax origin: too far")
        model.scapula.referencePose.position = Vector3(0.5, 0, 0)
        #expect(Self.invalid(model) == nil)
        model.gravity = Vector3(0, -101, 0)
        #expect(Self.invalid(model)?.field == "gravity")
        model.gravity = Vector3(0, -9.81, 0)
        model.loads = [Load(name: "arm", bodyPoint: .zero, force: Vector3(0, -1e300, 0))]
        let e = try #require(Self.invalid(model))
        #expect(e.field == "loads[0] (arm).force" && e.message.contains("100000 N"), "\(e)")
        model.loads = [Load(name: "arm", bodyPoint: Vector3(0, 0, 11), force: Vector3(0, -30, 0))]
        #expect(Self.invalid(model)?.field == "loads[0] (arm).body_point")
    }

    @Test func hillValuesAndTheFibreAtTheReferencePose() throws {
        let model = Fixtures.girdle()
        #expect(Self.invalid(model) == nil)
        func with(_ change: (inout HillMuscle) -> Void) -> Model {
            var m = model
            guard case .hill(var h) = m.muscles[1].law else { fatalError() }
            change(&h)
            m.muscles[1].law = .hill(h)
            return m
        }
        #expect(Self.invalid(with { $0.maxIsometricForce = 1e300 })?.field.hasSuffix("max_isometric_force") == true)
        #expect(Self.invalid(with { $0.optimalFiberLength = 1e-300 })?.field.hasSuffix("optimal_fiber_length") == true)
        #expect(Self.invalid(with { $0.tendonSlackLength = 10.5 })?.field.hasSuffix("tendon_slack_length") == true)
        #expect(Self.invalid(with { $0.tendonSlackLength = -1e-3 })?.field.hasSuffix("tendon_slack_length") == true)
        // A fibre at 3.1 times its optimal length at the reference pose; then at 2.9.
        let length = model.muscles[1].length(at: model.scapula.referencePose)
        let far = try #require(Self.invalid(with { $0.tendonSlackLength = 0; $0.optimalFiberLength = length / 3.1 }))
        #expect(far.message.contains("at most 3"), "\(far)")
        #expect(Self.invalid(with { $0.tendonSlackLength = 0; $0.optimalFiberLength = length / 2.9 }) == nil)
    }

    @Test func scenarioSettingsAndSweepAxes() throws {
        for bad in [Scenario.Change.Setting.restLengthScale(1e-9), .restLengthScale(2.2e-308), .stiffnessScale(1e-320),
                    .stiffnessScale(1e300), .activation(1.5), .force(Vector3(0, 1e300, 0))] {
            #expect(throws: EquilibriumError.self) { try bad.validate() }
        }
        for good in [Scenario.Change.Setting.restLengthScale(1e-3), .restLengthScale(1e3), .stiffnessScale(0), .activation(0)] {
            try good.validate()
        }
        let model = Fixtures.twoSpringLine(k1: 400, k2: 400, rest1: 0.9, rest2: 0.9)
        for axis in [SweepAxis(.group("left"), .restLengthScale, from: 0.7, to: 1e308, steps: 4),
                     SweepAxis(.group("left"), .restLengthScale, from: 2.2e-308, to: 1, steps: 4),
                     SweepAxis(.group("left"), .stiffnessScale, from: -1e308, to: 1e308, steps: 3)] {
            #expect(throws: EquilibriumError.self) { try axis.validate(in: model) }
        }
        // Within range, every value between the ends is finite.
        let axis = SweepAxis(.group("left"), .restLengthScale, from: 1e-3, to: 1e3, steps: 1 << 40)
        try axis.validate(in: model)
        #expect([0, 1, 1 << 39, (1 << 40) - 2, (1 << 40) - 1].allSatisfy { axis.value(at: $0).isFinite })
    }

    @Test func gridsAreCountedExactlyOrRefused() throws {
        let model = Fixtures.twoSpringLine(k1: 400, k2: 400, rest1: 0.9, rest2: 0.9)
        let big = try SweepGrid(axes: [SweepAxis(.group("left"), .stiffnessScale, from: 1, to: 2, steps: 1 << 26),
                                       SweepAxis(.group("right"), .stiffnessScale, from: 1, to: 2, steps: 1 << 27)])
        #expect(big.count == SweepGrid.maxPoints)
        let chunks = SweepChunks.count(points: big.count)
        #expect(SweepChunks.points(ofChunks: (chunks - 1)..<chunks, totalPoints: big.count) == (big.count - 64)..<big.count)
        #expect(big.indices(of: big.count - 1) == [(1 << 26) - 1, (1 << 27) - 1])
        for steps in [[Int.max], [1 << 32, 1 << 32], [(1 << 53) + 1]] {
            #expect(throws: EquilibriumError.self) {
                try SweepGrid(axes: steps.map { SweepAxis(.group("left"), .stiffnessScale, from: 1, to: 2, steps: $0) })
            }
        }
        _ = model
    }

    @Test func anOverflowedResidualReadsOverflow() {
        let e = EquilibriumError.noConvergence(
            iterations: 3, forceResidual: .infinity, momentResidual: .nan, constraintViolation: 1e-3, reason: "non-finite residual")
        #expect(e.description.contains("force residual overflow N") && e.description.contains("moment residual overflow N·m"))
        #expect(e.description.range(of: #"(?i)\b(inf|nan)\b"#, options: .regularExpression) == nil, "\(e)")
        #expect(e.description.contains("constraint violation 0.001 m"))
    }
}
