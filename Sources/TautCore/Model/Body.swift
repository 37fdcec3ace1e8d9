/// The two bodies of the model. The thorax is ground.
public enum Body: String, Sendable, CaseIterable {
    case thorax
    case scapula
}

/// A point fixed to a body, in that body's frame (m).
public struct PathPoint: Equatable, Sendable {
    public var body: Body
    public var point: Vector3

    public init(body: Body, point: Vector3) {
        self.body = body
        self.point = point
    }
}
