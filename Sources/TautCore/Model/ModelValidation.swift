extension Model {
    /// Checks every parameter the mechanics relies on, against the physical ranges
    /// (`PhysicalRange`; docs/FILES.md) that keep every solve finite.
    /// - Throws: `EquilibriumError.invalidParameter` naming the first bad field.
    public func validate() throws {
        func fail(_ field: FieldPath, _ message: String) -> EquilibriumError {
            .invalidParameter(field: field, message: message)
        }
        func point(_ v: Vector3, _ field: FieldPath) throws { try Self.checkPoint(v, field) }
        func check(_ x: Double, _ range: PhysicalRange, _ field: FieldPath) throws {
            if !range.contains(x) { throw fail(field, range.complaint(x)) }
        }
        if !gravity.isFiniteAndNormal { throw fail(.key("gravity"), Vector3.finiteAndNormalRule) }
        try check(gravity.length, Self.gravityRange, .key("gravity"))
        try check(scapula.mass, Scapula.massRange, .keys("scapula", "mass"))
        try point(scapula.centerOfMass, .keys("scapula", "center_of_mass"))
        let position = scapula.referencePose.position
        let positionField = FieldPath.keys("scapula", "reference_pose", "position")
        if !position.isFiniteAndNormal { throw fail(positionField, Vector3.finiteAndNormalRule) }
        if !Scapula.originRange.contains(position.length) {
            throw fail(positionField, Scapula.originRange.complaint(position.length, lead: "must lie"))
        }
        let r = scapula.referencePose.rotation
        if !(r.c0.isFinite && r.c1.isFinite && r.c2.isFinite) || abs(r.determinant - 1) > 1e-9 {
            throw fail(.keys("scapula", "reference_pose", "orientation"), "must be a finite rotation")
        }
        for (name, p) in scapula.landmarks.sorted(by: { $0.key < $1.key }) { try point(p, .keys("scapula", "landmarks", name)) }
        try check(tautStrain, Self.tautStrainRange, .keys("report", "taut_strain"))
        try unique(muscles.map(\.name), "muscles")
        try unique(constraints.map(\.name), "constraints")
        try unique(loads.map(\.name), "loads")
        for i in muscles.indices { try validateMuscle(i) }
        for (i, c) in constraints.enumerated() { try c.validate(field: .item("constraints", i, name: c.name)) }
        for (i, l) in loads.enumerated() {
            let field = FieldPath.item("loads", i, name: l.name)
            try point(l.bodyPoint, field.key("body_point"))
            if !l.force.isFiniteAndNormal { throw fail(field.key("force"), Vector3.finiteAndNormalRule) }
            if !Load.forceRange.contains(l.force.length) {
                throw fail(field.key("force"), "its magnitude " + Load.forceRange.complaint(l.force.length))
            }
        }
    }

    /// Checks muscle `index`: its path and its force law.
    func validateMuscle(_ index: Int) throws {
        let muscle = muscles[index]
        let field = FieldPath.item("muscles", index, name: muscle.name)
        func fail(_ key: FieldPath, _ message: String) -> EquilibriumError {
            .invalidParameter(field: field + key, message: message)
        }
        if muscle.path.count < 2 { throw fail(.key("path"), "needs at least two points") }
        if !muscle.path.contains(where: { $0.body == .scapula }) || !muscle.path.contains(where: { $0.body == .thorax }) {
            throw fail(.key("path"), "must join the thorax and the scapula")
        }
        let pose = scapula.referencePose
        for (k, p) in muscle.path.enumerated() {
            if !p.point.isFiniteAndNormal { throw fail(FieldPath.item("path", k).key("point"), Vector3.finiteAndNormalRule) }
            if !Self.pointRange.contains(p.point.length) {
                throw fail(FieldPath.item("path", k).key("point"), Self.pointRange.complaint(p.point.length, lead: "must lie"))
            }
            if k > 0 && (p.position(at: pose) - muscle.path[k - 1].position(at: pose)).length < 1e-9 {
                throw fail(.item("path", k), "coincides with the previous path point")
            }
        }
        try muscle.law.validate(field: field, referenceLength: muscle.length(at: pose))
    }

    /// A point: finite and within `Model.pointRange` of its frame's origin.
    static func checkPoint(_ v: Vector3, _ field: FieldPath) throws {
        if !v.isFiniteAndNormal { throw EquilibriumError.invalidParameter(field: field, message: Vector3.finiteAndNormalRule) }
        if !pointRange.contains(v.length) {
            throw EquilibriumError.invalidParameter(field: field, message: pointRange.complaint(v.length, lead: "must lie"))
        }
    }

    private func unique(_ names: [String], _ list: String) throws {
        var seen = Set<String>()
        for (i, n) in names.enumerated() {
            if n.isEmpty { throw EquilibriumError.invalidParameter(field: FieldPath.item(list, i).key("name"), message: "must not be empty") }
            if !seen.insert(n).inserted {
                throw EquilibriumError.invalidParameter(field: FieldPath.item(list, i).key("name"), message: "duplicate name '\(n)'")
            }
        }
    }
}

extension Vector3 {
    /// Every component finite and either 0 or a normal number (not subnormal: below
    /// 2.2e-308 in magnitude, where arithmetic loses precision and slows by orders).
    var isFiniteAndNormal: Bool { isFinite && !x.isSubnormal && !y.isSubnormal && !z.isSubnormal }

    static let finiteAndNormalRule = "each component must be finite, and 0 or at least 2.2e-308 in magnitude"
}
