/// A muscle: a force law acting along a path of points on the thorax and the scapula.
public struct Muscle: Equatable, Sendable {
    public var name: String
    /// Functional group, e.g. `retractors`.
    public var group: String
    public var law: ForceLaw
    /// Ordered path points from origin to insertion; length is the sum of the
    /// straight segments between them.
    public var path: [PathPoint]

    public init(name: String, group: String, law: ForceLaw, path: [PathPoint]) {
        self.name = name
        self.group = group
        self.law = law
        self.path = path
    }

    /// Path length (m) at a scapula pose.
    public func length(at pose: Pose) -> Double {
        var total = 0.0
        var previous = path[0].position(at: pose)
        for point in path.dropFirst() {
            let next = point.position(at: pose)
            total += (next - previous).length
            previous = next
        }
        return total
    }
}

extension PathPoint {
    /// This point in the thorax frame when the scapula is at `pose`, m.
    public func position(at pose: Pose) -> Vector3 {
        body == .thorax ? point : pose.transform(point)
    }
}
