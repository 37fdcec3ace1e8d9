import TautCore

/// What `taut solve` reports: per case the pose, every muscle and constraint, and
/// the changes against the baseline (the first case), in report units (mm, degrees, N, %).
public struct SolveReport: Sendable {
    public var scenario: String
    public var model: String
    public var cases: [CaseReport]

    public struct CaseReport: Sendable {
        public var name: String
        public var description: String
        public var converged: Bool
        public var error: String?
        public var iterations: Int
        public var stable: Bool
        public var usedHomotopy: Bool
        /// Scapula origin, mm, thorax frame; and its change from the baseline.
        public var positionMM: Vector3
        public var deltaPositionMM: Vector3
        public var angles: ISBAngles
        public var deltaAngles: ISBAngles
        /// R, scapula-frame vectors to thorax-frame vectors.
        public var rotation: Matrix3
        /// The Euler-free change from the baseline, degrees, thorax axes (`Pose.helicalChange`).
        public var helicalFromBaselineDeg: Vector3
        /// Displacements from the baseline (mm, thorax axes) of the landmarks that show
        /// tipping and winging: the inferior angle (AI) and the acromion (AA), when the
        /// model names them.
        public var landmarkDisplacementsMM: [(name: String, displacement: Vector3)]
        public var muscles: [MuscleReport]
        public var constraints: [ConstraintReport]
        /// Lowest reduced stiffness, N/m, and the direction it would slide.
        public var softestStiffness: Double?
        public var softestMode: FreeDirection?
        public var equilibrium: Equilibrium?
    }

    public struct MuscleReport: Sendable {
        public var name: String
        public var group: String
        public var lengthM: Double
        public var restLengthM: Double
        public var strain: Double
        public var tensionN: Double
        public var deltaTensionN: Double
        public var deltaLengthM: Double
        public var deltaStrain: Double
        public var state: MuscleState.State
    }

    public struct ConstraintReport: Sendable {
        public var name: String
        public var forceN: Vector3
        public var active: Bool
        public var pulls: Bool
    }

    public init(scenario: String, model: String, solutions: [CaseSolution]) {
        self.scenario = scenario
        self.model = model
        let base = solutions.first?.equilibrium
        cases = solutions.map { s in
            guard let e = s.equilibrium else {
                var message = "failed"
                var iterations = 0  // the Newton iterations spent before the failure
                if case .failure(let error) = s.outcome {
                    message = error.description
                    if case .noConvergence(let n, _, _, _, _) = error { iterations = n }
                }
                return CaseReport(
                    name: s.name, description: s.description, converged: false, error: message, iterations: iterations,
                    stable: false, usedHomotopy: false, positionMM: .zero, deltaPositionMM: .zero,
                    angles: ISBAngles(protraction: 0, lateralRotation: 0, posteriorTilt: 0),
                    deltaAngles: ISBAngles(protraction: 0, lateralRotation: 0, posteriorTilt: 0),
                    rotation: .identity, helicalFromBaselineDeg: .zero, landmarkDisplacementsMM: [], muscles: [],
                    constraints: [], softestStiffness: nil, softestMode: nil, equilibrium: nil)
            }
            let reference = base ?? e
            let angles = ISBAngles(e.pose.rotation)
            let baseAngles = ISBAngles(reference.pose.rotation)
            let muscles = e.muscles.enumerated().map { i, m in
                let b = reference.muscles.indices.contains(i) ? reference.muscles[i] : m
                return MuscleReport(
                    name: m.name, group: m.group, lengthM: m.length, restLengthM: m.slackLength, strain: m.strain,
                    tensionN: m.tension, deltaTensionN: m.tension - b.tension, deltaLengthM: m.length - b.length,
                    deltaStrain: m.strain - b.strain, state: m.state)
            }
            return CaseReport(
                name: s.name, description: s.description, converged: true, error: nil, iterations: e.iterations,
                stable: e.stability.isStable, usedHomotopy: s.usedHomotopy, positionMM: e.pose.position * 1000,
                deltaPositionMM: (e.pose.position - reference.pose.position) * 1000, angles: angles,
                deltaAngles: ISBAngles(
                    protraction: angles.protraction - baseAngles.protraction,
                    lateralRotation: angles.lateralRotation - baseAngles.lateralRotation,
                    posteriorTilt: angles.posteriorTilt - baseAngles.posteriorTilt),
                rotation: e.pose.rotation,
                helicalFromBaselineDeg: e.pose.helicalChange(from: reference.pose) * (180 / .pi),
                landmarkDisplacementsMM: Self.reportedLandmarks.compactMap { name in
                    s.model.scapula.landmarks[name].map { point in
                        (name, (e.pose.transform(point) - reference.pose.transform(point)) * 1000)
                    }
                },
                muscles: muscles,
                constraints: e.constraints.map { ConstraintReport(name: $0.name, forceN: $0.force, active: $0.active, pulls: $0.pulls) },
                softestStiffness: e.stability.softestStiffness, softestMode: e.stability.softestMode, equilibrium: e)
        }
    }

    /// The landmarks whose displacement the report gives: the inferior angle (anterior
    /// tipping moves it forward, winging medially-posteriorly) and the angulus acromialis.
    public static let reportedLandmarks = ["AI", "AA"]

    /// True when every case converged to a stable equilibrium.
    public var allConvergedAndStable: Bool { cases.allSatisfy { $0.converged && $0.stable } }
}
