/// Muscle lengths and their first derivatives at given scapula poses: what OpenSim's
/// MuscleAnalysis reports as lengths and moment arms, for a Taut model (`taut lengths`).
///
/// The derivatives are those of `Muscle.lengthDerivatives(at:)` (analytic, no finite
/// differences), in the solver's coordinates: a translation of the scapula in thorax axes
/// (m/m) and a rotation vector in thorax axes about the scapula frame's origin (the
/// angulus acromialis, AA), the left rotation R → exp(dθ)·R (m/rad). OpenSim's moment arm
/// about an axis is −dL/dθ about that axis; here the sign is dL/dθ, as written.
public enum LengthAnalysis {
    /// One muscle at one pose.
    public struct Sample: Equatable, Sendable {
        /// Path length, m.
        public var length: Double
        /// dL/dp (m/m, thorax axes) and dL/dθ (m/rad, thorax axes through the scapula origin).
        public var gradient: PoseGradient

        public init(length: Double, gradient: PoseGradient) {
            self.length = length
            self.gradient = gradient
        }
    }

    /// Why a pose has no lengths: at it, two consecutive points of a muscle's path coincide,
    /// so the direction of that segment, and the derivatives, are undefined.
    public struct DegeneratePath: Error, Equatable, Sendable {
        /// The muscle's index in the model and its name.
        public var muscle: Int
        public var name: String

        public init(muscle: Int, name: String) {
            self.muscle = muscle
            self.name = name
        }
    }

    /// Shortest segment (m) whose direction is taken as defined: 1 nm. Model points are
    /// rounded to 1 nm, and any real path segment is millimetres long; below this the unit
    /// vector of the segment would be round-off.
    public static let shortestSegment = 1e-9

    /// Length and derivatives of every muscle of `model` (in model order) at `pose`.
    /// - Throws: `DegeneratePath` when a muscle's pose-dependent segment is shorter than
    ///   `shortestSegment` at `pose`; never returns inf or nan for a finite pose.
    public static func samples(_ model: Model, at pose: Pose) throws(DegeneratePath) -> [Sample] {
        var out: [Sample] = []
        out.reserveCapacity(model.muscles.count)
        for (k, muscle) in model.muscles.enumerated() {
            let positions = muscle.path.map { $0.position(at: pose) }
            for (a, b) in zip(positions, positions.dropFirst()) where (b - a).length < shortestSegment {
                throw DegeneratePath(muscle: k, name: muscle.name)
            }
            let d = muscle.lengthDerivatives(at: pose)
            let g = d.gradient
            guard d.value.isFinite, g.translational.isFinite, g.rotational.isFinite else {
                throw DegeneratePath(muscle: k, name: muscle.name)
            }
            out.append(Sample(length: d.value, gradient: g))
        }
        return out
    }
}
