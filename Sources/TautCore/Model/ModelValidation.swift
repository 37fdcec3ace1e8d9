extension Model {
    /// Checks every parameter the mechanics relies on.
    /// - Throws: `EquilibriumError.invalidParameter` naming the first bad field.
    public func validate() throws {
        func fail(_ field: String, _ message: String) -> EquilibriumError {
            .invalidParameter(field: field, message: message)
        }
        func finite(_ v: Vector3, _ field: String) throws {
            if !v.isFinite { throw fail(field, "must be finite") }
        }
        try finite(gravity, "gravity")
        if !(scapula.mass > 0) || !scapula.mass.isFinite { throw fail("scapula.mass", "must be a positive number of kg") }
        try finite(scapula.centerOfMass, "scapula.center_of_mass")
        try finite(scapula.referencePose.position, "scapula.reference_pose.position")
        let r = scapula.referencePose.rotation
        if !(r.c0.isFinite && r.c1.isFinite && r.c2.isFinite) || abs(r.determinant - 1) > 1e-9 {
            throw fail("scapula.reference_pose.orientation", "must be a finite rotation")
        }
        for (name, point) in scapula.landmarks { try finite(point, "scapula.landmarks.\(name)") }
        if !tautStrain.isFinite { throw fail("report.taut_strain", "must be finite") }
        try unique(muscles.map(\.name), "muscles")
        try unique(constraints.map(\.name), "constraints")
        try unique(loads.map(\.name), "loads")
        for i in muscles.indices { try validateMuscle(i) }
        for (i, c) in constraints.enumerated() {
            let field = "constraints[\(i)] (\(c.name))"
            try finite(c.bodyPoint, "\(field).body_point")
            switch c.kind {
            case .point(let g):
                try finite(g, "\(field).ground_point")
            case .distance(let g, let length):
                try finite(g, "\(field).ground_point")
                if !(length > 0) || !length.isFinite { throw fail("\(field).length", "must be a positive number of metres") }
            case .ellipsoid(let center, let radii, _):
                try finite(center, "\(field).center")
                if !radii.isFinite || radii.min() <= 0 { throw fail("\(field).radii", "must be positive numbers of metres") }
            }
        }
        for (i, l) in loads.enumerated() {
            try finite(l.bodyPoint, "loads[\(i)] (\(l.name)).body_point")
            try finite(l.force, "loads[\(i)] (\(l.name)).force")
        }
    }

    /// Checks muscle `index`: its path and its force law.
    func validateMuscle(_ index: Int) throws {
        let muscle = muscles[index]
        let field = "muscles[\(index)] (\(muscle.name))"
        func fail(_ key: String, _ message: String) -> EquilibriumError {
            .invalidParameter(field: "\(field).\(key)", message: message)
        }
        if muscle.path.count < 2 { throw fail("path", "needs at least two points") }
        if !muscle.path.contains(where: { $0.body == .scapula }) || !muscle.path.contains(where: { $0.body == .thorax }) {
            throw fail("path", "must join the thorax and the scapula")
        }
        let pose = scapula.referencePose
        for (k, p) in muscle.path.enumerated() {
            if !p.point.isFinite { throw fail("path[\(k)].point", "must be finite") }
            if k > 0 && (p.position(at: pose) - muscle.path[k - 1].position(at: pose)).length < 1e-9 {
                throw fail("path[\(k)]", "coincides with the previous path point")
            }
        }
        try muscle.law.validate(field: field)
    }

    private func unique(_ names: [String], _ field: String) throws {
        var seen = Set<String>()
        for (i, n) in names.enumerated() {
            if n.isEmpty { throw EquilibriumError.invalidParameter(field: "\(field)[\(i)].name", message: "must not be empty") }
            if !seen.insert(n).inserted {
                throw EquilibriumError.invalidParameter(field: "\(field)[\(i)].name", message: "duplicate name '\(n)'")
            }
        }
    }
}

extension ForceLaw {
    /// Checks the law's parameters; `field` prefixes the key named in the error.
    /// - Throws: `EquilibriumError.invalidParameter`.
    public func validate(field: String) throws {
        func fail(_ key: String, _ message: String) -> EquilibriumError {
            .invalidParameter(field: "\(field).\(key)", message: message)
        }
        func positive(_ x: Double, _ key: String, _ unit: String) throws {
            if !(x > 0) || !x.isFinite { throw fail(key, "must be a positive number of \(unit)") }
        }
        switch self {
        case .spring(let s):
            if !(s.stiffness >= 0) || !s.stiffness.isFinite { throw fail("stiffness", "must be a non-negative number of N/m") }
            try positive(s.restLength, "rest_length", "metres")
        case .hill(let h):
            try positive(h.maxIsometricForce, "max_isometric_force", "newtons")
            try positive(h.optimalFiberLength, "optimal_fiber_length", "metres")
            if !(h.tendonSlackLength >= 0) || !h.tendonSlackLength.isFinite {
                throw fail("tendon_slack_length", "must be a non-negative number of metres")
            }
            if !(h.pennation >= 0 && h.pennation < 1.0) { throw fail("pennation_deg", "must be in [0°, 57°)") }
            if !(h.activation >= 0 && h.activation <= 1) { throw fail("activation", "must be in [0, 1]") }
        }
    }
}
