import TautCore

extension ModelWriter {
    /// The fully resolved model as JSON, in the model-file format (docs/DESIGN.md section 3)
    /// so `ModelReader` reads it back: every path point in its body's frame (m), spring
    /// rest lengths in metres, Hill parameters after scenario changes. For tools that
    /// rebuild the problem it can add a `derived` section (the reference rotation matrix,
    /// each muscle's reference and slack lengths), which a model file may not contain.
    public static func json(_ model: Model, derived: Bool = true) -> JSON {
        var fields = tree(model).map { ($0.key, $0.value.json) }
        if derived {
            let s = model.scapula
            let r = s.referencePose.rotation
            fields.append(("derived", .object([
                ("reference_rotation_rows", .array([0, 1, 2].map { i in .array([0, 1, 2].map { j in .number(r[i, j]) }) })),
                ("muscles", .array(model.muscles.map { m in
                    .object([
                        ("name", .string(m.name)),
                        ("reference_length_m", .number(m.length(at: s.referencePose))),
                        ("slack_length_m", .number(m.law.slackLength)),
                    ])
                })),
            ])))
        }
        return .object(fields)
    }
}
