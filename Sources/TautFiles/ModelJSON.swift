import TautCore

extension ModelWriter {
    /// The fully resolved model as JSON, in the model-file format (docs/DESIGN.md section 3)
    /// so `ModelReader` reads it back: every path point in its body's frame (m), spring
    /// rest lengths in metres, Hill parameters after scenario changes. For tools that
    /// rebuild the problem it can add a `derived` section (the reference rotation matrix,
    /// each muscle's reference and slack lengths), which a model file may not contain.
    public static func json(_ model: Model, derived: Bool = true) -> JSON {
        let s = model.scapula
        let angles = ISBAngles(s.referencePose.rotation)
        var fields: [(String, JSON)] = [
            ("name", .string(model.name)),
            ("description", .string(model.description)),
            ("source", .string(model.source)),
            ("gravity", .vector(model.gravity)),
            ("scapula", .object([
                ("mass", .number(s.mass)),
                ("center_of_mass", .vector(s.centerOfMass)),
                ("reference_pose", .object([
                    ("position", .vector(s.referencePose.position)),
                    ("orientation_deg", .object([
                        ("protraction", .number(angles.protraction)),
                        ("lateral_rotation", .number(angles.lateralRotation)),
                        ("posterior_tilt", .number(angles.posteriorTilt)),
                    ])),
                ])),
                ("landmarks", .object(s.landmarks.keys.sorted().map { ($0, .vector(s.landmarks[$0]!)) })),
            ])),
            ("constraints", .array(model.constraints.map { c in
                var f: [(String, JSON)] = [
                    ("name", .string(c.name)), ("type", .string(c.kind.tag.rawValue)),
                    (Constraint.Key.bodyPoint.rawValue, .vector(c.bodyPoint)),
                ]
                for (key, value) in c.kind.fileValues {
                    switch value {
                    case .vector(let v): f.append((key.rawValue, .vector(v)))
                    case .number(let x): f.append((key.rawValue, .number(x)))
                    case .bool(let b): f.append((key.rawValue, .bool(b)))
                    }
                }
                return .object(f)
            })),
            ("muscles", .array(model.muscles.map { m in
                var f: [(String, JSON)] = [("name", .string(m.name)), ("group", .string(m.group))]
                f.append(("law", .string(m.law.kind.name)))
                f += m.law.fileValues.map { ($0.key, .number($0.value)) }
                f.append(("path", .array(m.path.map { .object([("body", .string($0.body.rawValue)), ("point", .vector($0.point))]) })))
                return .object(f)
            })),
            ("loads", .array(model.loads.map {
                .object([("name", .string($0.name)), ("body_point", .vector($0.bodyPoint)), ("force", .vector($0.force))])
            })),
            ("report", .object([("taut_strain", .number(model.tautStrain))])),
        ]
        if derived {
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
