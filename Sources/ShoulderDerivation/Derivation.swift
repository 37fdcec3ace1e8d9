import Foundation
import TautCore
import TautFiles

/// Derives the default model `Models/shoulder-girdle.yaml` from the source numbers in
/// `Models/sources/` (Seth et al. 2019, ThoracoscapularShoulderModel.osim) by stated
/// rules; see `ShoulderDerivation.rules` and the model's `source`.
public enum ShoulderDerivation {
    /// The derived model and what the derivation found on the way.
    public struct Result: Sendable {
        public var model: Model
        /// The model file text (what `Models/shoulder-girdle.yaml` must hold).
        public var yaml: String
        /// The demonstration scenario's text (`Models/scenarios/tight-pec-minor.yaml`).
        public var scenarioYAML: String
        /// The source's `Thorax` wrap ellipsoid (rotated), for clearance checks.
        public var thoraxWrap: ThoraxWrapSurface
        /// Human-readable findings: frames, gaps, wrap paths, tone, contact forces (in the file's header).
        public var notes: [String]
        /// Round-off-level checks, for the script's output only.
        public var diagnostics: [String]
        /// Postural tone by muscle name.
        public var tone: [String: Double]
        /// The baseline equilibrium of the model as read back from `yaml`.
        public var baseline: Equilibrium
    }

    /// Contact choices (the committed model uses the defaults).
    public struct Options: Sendable {
        /// The trigonum-spinae contact may lift off (the thorax can only push).
        public var unilateralTS = true
        /// The angulus-inferior contact may lift off.
        public var unilateralAI = true
        public init(unilateralTS: Bool = true, unilateralAI: Bool = true) {
            self.unilateralTS = unilateralTS
            self.unilateralAI = unilateralAI
        }
    }

    /// The activation floor of the postural-tone rule.
    public static let toneFloor = 0.02
    /// How much `strong back` raises each retractor's activation above its tone.
    public static let strongBackIncrement = 0.01
    /// `taut_strain`: this far above the healthy strain (0 by the calibration rule).
    public static let tautMargin = 0.10
    /// The demonstration's pectoralis-minor shortening.
    public static let shortPecMinorScale = 0.85

    /// One modelled muscle: which source element, which group, and why.
    struct MuscleRule {
        var name: String
        var element: String
        var group: String
        var reason: String
    }

    static let muscleRules: [MuscleRule] = [
        MuscleRule(
            name: "upper_trapezius", element: "TrapeziusScapula_S", group: "elevators",
            reason: "upper (descending) scapular fibres, lower cervical spine to the acromion and lateral spine: primary role elevation (bears the girdle and arm); also upward rotation and retraction"),
        MuscleRule(
            name: "middle_trapezius", element: "TrapeziusScapula_M", group: "retractors",
            reason: "transverse fibres, upper thoracic spine to the spine of the scapula: primary role retraction"),
        MuscleRule(
            name: "lower_trapezius", element: "TrapeziusScapula_I", group: "depressors",
            reason: "ascending fibres, mid-thoracic spine to the root of the spine: primary role depression; also upward rotation (with upper trapezius and lower serratus) and retraction"),
        MuscleRule(
            name: "rhomboid_minor", element: "Rhomboideus_S", group: "retractors",
            reason: "C7-T1 spinous processes to the medial border at the spine: primary role retraction; also elevation and downward rotation"),
        MuscleRule(
            name: "rhomboid_major", element: "Rhomboideus_I", group: "retractors",
            reason: "T2-T5 spinous processes to the medial border down to the inferior angle: primary role retraction; also elevation and downward rotation"),
        MuscleRule(
            name: "levator_scapulae", element: "LevatorScapulae", group: "elevators",
            reason: "upper cervical transverse processes to the superior angle: primary role elevation; also downward rotation"),
        MuscleRule(
            name: "serratus_anterior_superior", element: "SerratusAnterior_S", group: "protractors",
            reason: "upper ribs to the superior angle: primary role protraction"),
        MuscleRule(
            name: "serratus_anterior_middle", element: "SerratusAnterior_M", group: "protractors",
            reason: "middle ribs to the medial border: primary role protraction; also holds the medial border to the thorax"),
        MuscleRule(
            name: "serratus_anterior_inferior", element: "SerratusAnterior_I", group: "upward_rotators",
            reason: "lower ribs to the inferior angle: primary role upward rotation (its lever on the inferior angle); also protraction and holds the inferior angle to the thorax"),
        MuscleRule(
            name: "pectoralis_minor", element: "PectoralisMinor", group: "protractors",
            reason: "ribs 3-5 to the coracoid: primary role protraction; also depression, downward rotation and anterior tilt"),
    ]

    /// The source element this derivation leaves out, and why.
    static let droppedElement = "TrapeziusClavicle_S"

    /// The model file text derived from `sourcesDirectory` (normally `Models/sources`).
    public static func modelYAML(sourcesDirectory: String) throws -> String {
        try derive(sourcesDirectory: sourcesDirectory).yaml
    }

    public static func derive(sourcesDirectory: String, options: Options = Options()) throws -> Result {
        let src = try ShoulderSources(directory: sourcesDirectory)
        // `notes` go into the file's header, so they show only numbers far above round-off;
        // `diagnostics` (printed by the script) may show round-off-level checks.
        var notes: [String] = []
        var diagnostics: [String] = []
        func sci(_ x: Double) -> String { String(format: "%.1e", locale: nil, x) }
        func mm(_ x: Double) -> String { String(format: "%.1f", locale: nil, x * 1000 + 0) }
        func mmv(_ v: Vector3) -> String { "(\(mm(v.x)), \(mm(v.y)), \(mm(v.z)))" }
        func deg(_ x: Double) -> String { String(format: "%.1f", locale: nil, x) }

        // 1. Frames and the reference pose.
        guard let scapulaPose = src.defaultPoses["scapula"], let claviclePose = src.defaultPoses["clavicle"] else {
            throw SourceError(file: "default-pose.csv", message: "needs scapula and clavicle rows")
        }
        let r0 = scapulaPose.rows.orthonormalized
        let orthoChange = (r0 - scapulaPose.rows)
        let aa = src.markers["aa"]!, ts = src.markers["ts"]!, ai = src.markers["ai"]!, acMarker = src.markers["ac"]!
        let isb = ISBFrame(aa: aa, ts: ts, ai: ai, forward: r0.transpose * Vector3(1, 0, 0))
        let referenceRotationExact = r0 * isb.axes
        let exactAngles = ISBAngles(referenceRotationExact)
        // Rounded (angles to 1e-9°, position to 1 nm) so the file does not depend on the
        // last bit of the machine's arithmetic; everything below is derived from this pose.
        let angles = ISBAngles(
            protraction: roundTo(exactAngles.protraction, 1e-9), lateralRotation: roundTo(exactAngles.lateralRotation, 1e-9),
            posteriorTilt: roundTo(exactAngles.posteriorTilt, 1e-9))
        let pose = Pose(position: nanometres(scapulaPose.origin + r0 * aa), rotation: angles.rotation)
        diagnostics.append("default pose: rotation re-orthonormalised (largest column change \(sci(max(orthoChange.c0.length, orthoChange.c1.length, orthoChange.c2.length))))")
        notes.append("ISB scapula frame: \(deg(isb.axes.rotationAngle * 180 / .pi))° from the OpenSim scapula frame")
        notes.append("reference pose: AA at \(mmv(pose.position)) mm; protraction \(deg(angles.protraction))°, lateral rotation \(deg(angles.lateralRotation))°, posterior tilt \(deg(angles.posteriorTilt))°")
        func scapulaPoint(_ p: Vector3) -> Vector3 { nanometres(isb.local(p)) }
        let landmarks: [String: Vector3] = [
            "AA": scapulaPoint(aa), "TS": scapulaPoint(ts), "AI": scapulaPoint(ai), "AC": scapulaPoint(acMarker),
            "GH": scapulaPoint(src.glenohumeralCenter),
        ]
        for name in ["TS", "AI", "AC", "GH"] {
            notes.append("\(name): \(mmv(landmarks[name]!)) mm (ISB scapula frame), \(mmv(pose.transform(landmarks[name]!))) mm (thorax)")
        }

        // 2. Clavicle strut: SC joint centre to the source's AC constraint point on the scapula.
        let acPoint = scapulaPoint(src.acConstraintScapula)
        let acThorax = pose.transform(acPoint)
        let acFromClavicle = claviclePose.origin + claviclePose.rows.orthonormalized * src.acConstraintClavicle
        let strutLength = roundTo((acThorax - src.sternoclavicularCenter).length, 1e-12)
        diagnostics.append("AC constraint: the clavicle's AC point (default pose) is \(sci((acFromClavicle - acThorax).length)) m from the scapula's")
        notes.append("AC constraint point: \(mmv(acThorax)) mm in the thorax, \(mmv(acPoint)) mm in the scapula frame (it closes the source's AC constraint to < 0.01 mm); the `ac` marker \(mm((pose.transform(landmarks["AC"]!) - acThorax).length)) mm; strut length \(mm(strutLength)) mm")

        // 3. Gliding ellipsoids through TS and AI.
        let st = src.scapulothoracicEllipsoid
        let stRotated = OrientedEllipsoid(st)
        let horizontal = 0.5 * (st.radii.x + st.radii.z)
        let base = Ellipsoid(center: st.center, radii: Vector3(horizontal, st.radii.y, horizontal))
        var glide: [(name: String, point: Vector3, radii: Vector3)] = []
        for (name, landmark) in [("TS", landmarks["TS"]!), ("AI", landmarks["AI"]!)] {
            let x = pose.transform(landmark)
            let rho = base.normalizedRadius(x)
            let rhoRotated = stRotated.normalizedRadius(x)
            let nearest = stRotated.thorax(closestSurfacePoint(stRotated.local(x), radii: st.radii))
            notes.append("\(name) lies \(mm((x - nearest).length)) mm outside the source's scapulothoracic ellipsoid (normalised radius \(String(format: "%.3f", rhoRotated)))")
            diagnostics.append("\(name): axis-aligning the scapulothoracic ellipsoid changes its normalised radius by \(sci(abs(rho - rhoRotated)))")
            glide.append((name, landmark, Vector3(roundTo(base.radii.x * rho, 1e-12), roundTo(base.radii.y * rho, 1e-12), roundTo(base.radii.z * rho, 1e-12))))
        }
        notes.append("scapulothoracic ellipsoid: its rotation (\(deg(st.rotationAngles.y * 180 / .pi))° about Y) turns a spheroid whose horizontal radii differ by \(String(format: "%.1f", (st.radii.z - st.radii.x) * 1e6)) µm; axis-aligned radii (\(mm(horizontal)), \(mm(st.radii.y)), \(mm(horizontal))) mm")

        // 4. Muscle paths, with thorax via points where the source wraps over the thorax.
        let wrap = OrientedEllipsoid(src.thoraxWrapEllipsoid)
        var comments: [String: [String]] = [:]
        var muscles: [Muscle] = []
        var sourceLengthNotes: [String: String] = [:]
        for rule in muscleRules {
            guard let element = src.muscles[rule.element] else { throw SourceError(file: "muscles.csv", message: "no \(rule.element)") }
            var path: [PathPoint] = try element.path.map { p in
                switch p.body {
                case "thorax": return PathPoint(body: .thorax, point: p.point)
                case "scapula": return PathPoint(body: .scapula, point: scapulaPoint(p.point))
                default: throw SourceError(file: "muscle-path-points.csv", message: "\(rule.element): point on \(p.body)")
                }
            }
            guard path.count == 2 else { throw SourceError(file: "muscle-path-points.csv", message: "\(rule.element): expected two points") }
            var lines = ["\(rule.name) <- \(rule.element): group \(rule.group) (\(rule.reason))."]
            let a = path[0].position(at: pose), b = path[1].position(at: pose)
            let straight = wrap.segmentClearance(a, b)
            if straight.rho < 1 {
                // The straight line enters the thorax: wrap it.
                let scapulaEnd = path[0].body == .scapula ? 0 : 1
                let s = path[scapulaEnd].position(at: pose), o = path[1 - scapulaEnd].position(at: pose)
                let w = try WrapPath(from: wrap.local(s), to: wrap.local(o), radii: wrap.radii)
                let t1 = nanometres(wrap.thorax(w.tangentStart)), t2 = nanometres(wrap.thorax(w.tangentEnd))
                let via = [PathPoint(body: .thorax, point: t1), PathPoint(body: .thorax, point: t2)]
                path = scapulaEnd == 0 ? [path[0]] + via + [path[1]] : [path[0]] + via.reversed() + [path[1]]
                let chord = (s - t1).length + (t1 - t2).length + (t2 - o).length
                let sag = wrap.segmentClearance(t1, t2)
                let deepest = wrap.local(t1 + (t2 - t1) * sag.at)
                let depth = (closestSurfacePoint(deepest, radii: wrap.radii) - deepest).length
                lines.append(
                    "path: the straight line passes through the thorax wrap ellipsoid (normalised radius \(String(format: "%.2f", straight.rho))), which the source wraps it over; the two thorax via points are where the shortest wrapped path at the reference pose leaves the surface (wrapped \(mm(w.wrappedLength)) mm, straight \(mm((s - o).length)) mm; the via-point chord is \(mm(w.arcLength - (t1 - t2).length)) mm shorter than the arc, a constant absorbed by the tendon slack rule)."
                )
                notes.append("\(rule.name): wraps (straight line at normalised radius \(String(format: "%.3f", straight.rho))); via points \(mmv(t1)) and \(mmv(t2)) mm; wrapped length \(mm(w.wrappedLength)) mm, model path \(mm(chord)) mm, arc \(mm(w.arcLength)) mm, chord \(mm((t1 - t2).length)) mm (a fixed segment; it runs up to \(mm(depth)) mm inside the surface)")
                diagnostics.append("\(rule.name): wrap polyline converged to \(sci(w.finalMove)) m in \(w.sweeps) sweeps")
            } else {
                notes.append("\(rule.name): clears the thorax wrap ellipsoid (smallest normalised radius \(String(format: "%.3f", straight.rho)))")
            }
            let probe = Muscle(name: rule.name, group: rule.group, law: .spring(LinearSpring(stiffness: 0, restLength: 1)), path: path)
            let lRef = probe.length(at: pose)
            // The calibration rule, floored at 0 (a tendon cannot be shorter than nothing).
            let lts = nanometres(max(0, lRef - element.optimalFiberLength * cos(element.pennation)))
            let sourceFibre = ((lRef - element.tendonSlackLength) / element.optimalFiberLength)
            sourceLengthNotes[rule.name] = String(format: "%.2f", locale: nil, sourceFibre)
            lines.append(
                "source: F_max \(number(element.maxIsometricForce)) N, l_opt \(mm(element.optimalFiberLength)) mm, pennation \(number(element.pennation)) rad, l_ts \(mm(element.tendonSlackLength)) mm (normalised fibre length \(String(format: "%.2f", sourceFibre)) at the reference pose); calibrated l_ts = \(lts > 0 ? "" : "max(0, ")L_ref \(mm(lRef)) mm - l_opt cos(pennation)\(lts > 0 ? "" : ")") = \(mm(lts)) mm\(lts > 0 ? "" : String(format: " (normalised fibre length %.3f at the reference pose)", locale: nil, lRef / element.optimalFiberLength))."
            )
            comments[rule.name] = lines
            muscles.append(
                Muscle(
                    name: rule.name, group: rule.group,
                    law: .hill(
                        HillMuscle(
                            maxIsometricForce: element.maxIsometricForce, optimalFiberLength: element.optimalFiberLength,
                            tendonSlackLength: lts, pennation: element.pennation, activation: toneFloor)),
                    path: path))
        }

        // 5. Constraints and loads.
        let tsGlide = glide[0], aiGlide = glide[1]
        let constraints = [
            Constraint(name: "clavicle", bodyPoint: acPoint, kind: .distance(groundPoint: src.sternoclavicularCenter, length: strutLength)),
            Constraint(name: "ts_glide", bodyPoint: tsGlide.point, kind: .ellipsoid(center: base.center, radii: tsGlide.radii, unilateral: options.unilateralTS)),
            Constraint(name: "ai_glide", bodyPoint: aiGlide.point, kind: .ellipsoid(center: base.center, radii: aiGlide.radii, unilateral: options.unilateralAI)),
        ]
        let armMass = src.armMasses.reduce(0) { $0 + $1.mass }
        let arm = Load(name: "arm", bodyPoint: landmarks["GH"]!, force: src.gravity * armMass)
        notes.append("arm: \(src.armMasses.map { "\($0.body) \(String(format: "%.3f", $0.mass))" }.joined(separator: " + ")) = \(String(format: "%.3f", armMass)) kg; weight \(String(format: "%.2f", arm.force.length)) N at GH")

        var model = Model(
            name: "shoulder-girdle",
            description: "Right scapula on the thorax: ten scapular muscle lines (Hill), clavicle strut, two thorax contacts, the arm's weight; from Seth et al. 2019",
            source: sourceText(options: options, armMass: armMass, armWeight: arm.force.length),
            gravity: src.gravity,
            scapula: Scapula(mass: src.scapulaMass, centerOfMass: scapulaPoint(src.scapulaCenterOfMass), referencePose: pose, landmarks: landmarks),
            constraints: constraints, muscles: muscles, loads: [arm], tautStrain: tautMargin)

        // 6. No segment through the thorax at the reference pose.
        let surface = ThoraxWrapSurface(wrap)
        for violation in surface.violations(of: model) {
            throw SourceError(file: "derivation", message: "at the reference pose \(violation)")
        }

        // 7. Postural tone.
        let pushing = Set(["ts_glide", "ai_glide"])
        let toneSolution = try PosturalTone(model: model, floor: toneFloor, pushing: pushing)
        var tone: [String: Double] = [:]
        for (i, a) in toneSolution.activations.enumerated() {
            // At the floor up to the solver's round-off: exactly the floor; otherwise rounded
            // to 1e-12 (far below any effect, above the last bit LAPACK may change).
            let clamped = abs(a - toneFloor) < 1e-9 ? toneFloor : roundTo(max(toneFloor, min(1, a)), 1e-12)
            guard abs(clamped - a) < 1e-9 else { throw SourceError(file: "postural tone", message: "activation \(a) out of bounds") }
            guard case .hill(var law) = model.muscles[i].law else { continue }
            law.activation = clamped
            model.muscles[i].law = .hill(law)
            tone[model.muscles[i].name] = clamped
            comments[model.muscles[i].name, default: []].append(
                "postural tone: activation \(String(format: "%.4f", clamped))\(clamped <= toneFloor + 1e-9 ? " (the floor)" : "") by the tone rule.")
        }
        notes.append("tone: \(model.muscles.map { "\($0.name) \(String(format: "%.4f", tone[$0.name]!))" }.joined(separator: ", "))")
        diagnostics.append("tone solution imbalance: \(sci(toneSolution.forceResidual)) N, \(sci(toneSolution.momentResidual)) N m")
        for (j, c) in model.constraints.enumerated() {
            let f = c.equation(0, at: pose).gradient.translational * toneSolution.multipliers[j]
            comments[c.name] = constraintComment(c.name, options: options)
            let kind = c.name == "clavicle" ? (toneSolution.multipliers[j] > 0 ? " (compression)" : " (tension)") : " (pushing)"
            notes.append("\(c.name): reaction on the scapula \(String(format: "%.1f", f.length)) N\(kind), (\(String(format: "%.1f", f.x)), \(String(format: "%.1f", f.y)), \(String(format: "%.1f", f.z))) N")
        }
        comments["arm"] = [
            "The weight of the free arm (humerus + ulna + radius + hand, \(String(format: "%.4f", armMass)) kg x g) at the glenohumeral joint centre, thorax axes.",
        ]

        // 8. The file, read back and checked.
        let header = headerLines(notes: notes)
        var yaml = foldSource(ModelWriter.yaml(model, header: header, comments: comments), source: model.source)
        // The writer recomputes the angles from the rotation (last-bit noise); write the
        // rounded angles the pose was built from, which read back to the same rotation.
        yaml = yaml.replacingOccurrences(
            of: #"(?m)^    orientation_deg: .*$"#,
            with: "    orientation_deg: {protraction: \(angles.protraction), lateral_rotation: \(angles.lateralRotation), posterior_tilt: \(angles.posteriorTilt)}",
            options: .regularExpression)
        let readBack = try ModelReader.parse(yaml, file: "Models/shoulder-girdle.yaml")
        guard readBack.source == model.source, readBack.scapula.referencePose == pose else {
            throw SourceError(file: "derivation", message: "the folded source or the reference pose does not read back")
        }
        let equilibrium = try EquilibriumSolver(model: readBack).solve()
        let (dp, dr) = readBack.scapula.referencePose.difference(to: equilibrium.pose)
        guard dp.length < 1e-6, dr.length < 1e-6 else {
            throw SourceError(file: "derivation", message: "the baseline equilibrium is \(dp.length) m, \(dr.length) rad from the reference pose")
        }
        guard equilibrium.stability.isStable else { throw SourceError(file: "derivation", message: "the baseline is unstable") }
        for c in equilibrium.constraints where c.pulls || !c.active {
            throw SourceError(file: "derivation", message: "the baseline contact \(c.name) does not push")
        }
        return Result(
            model: readBack, yaml: yaml, scenarioYAML: scenarioText(model: readBack, tone: tone), thoraxWrap: surface,
            notes: notes, diagnostics: diagnostics + ["baseline: \(equilibrium.iterations) Newton iterations, \(sci(dp.length)) m and \(sci(dr.length)) rad from the reference pose; reduced stiffness eigenvalues \(equilibrium.stability.eigenvalues.map { String(format: "%.0f", $0) }.joined(separator: ", ")) N/m"],
            tone: tone, baseline: equilibrium)
    }

    static func number(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(format: "%g", locale: nil, x)
    }

    static func constraintComment(_ name: String, options: Options) -> [String] {
        switch name {
        case "clavicle":
            return [
                "The clavicle as a massless strut from the sternoclavicular joint centre (ground_point) to the source's",
                "acromioclavicular constraint point on the scapula (body_point; not the palpated `ac` marker); length at the reference pose.",
            ]
        case "ts_glide":
            return [
                "Trigonum spinae glides on a concentric, scaled copy of the source's scapulothoracic ellipsoid through it",
                "(axis-aligned); \(options.unilateralTS ? "unilateral: the thorax only pushes, the medial border may lift off" : "bilateral").",
            ]
        default:
            return [
                "Angulus inferior glides on its own concentric, scaled copy of the same ellipsoid (axis-aligned);",
                options.unilateralAI
                    ? "unilateral: the thorax only pushes; where it would have to pull, the inferior angle lifts off (winging, anterior tilt)."
                    : "bilateral: a pulling contact is reported as lift-off, not allowed.",
            ]
        }
    }

    static func headerLines(notes: [String]) -> [String] {
        [
            "Generated by scripts/derive-shoulder-model (Sources/ShoulderDerivation) from Models/sources/*.csv.",
            "Do not edit by hand: change the sources or the derivation and re-run the script; a test checks this file.",
            "Units: m, N, kg, degrees. Thorax frame: ISB (origin incisura jugularis, X anterior, Y superior, Z right).",
            "Scapula frame: ISB (origin AA, Z from TS to AA, X normal to the scapular plane forwards, Y up).",
            "",
            "Reference pose against published resting orientation (ISB angles): Struyf et al. 2011 (Scand J Med Sci Sports",
            "21:352, review) report the resting scapula at about 35° internal rotation (protraction here) and 10° anterior tilt;",
            "this pose has 36.5° protraction, 3.6° upward rotation and 1.8° anterior tilt: protraction and rotation agree, tilt is ~8° short.",
            "",
            "What the derivation found:",
        ] + notes.map { "  " + $0 }
    }

    static func sourceText(options: Options, armMass: Double, armWeight: Double) -> String {
        let contacts: String
        switch (options.unilateralTS, options.unilateralAI) {
        case (true, true): contacts = "both unilateral (the thorax can only push; a point that would be pulled lifts off)"
        case (false, true): contacts = "TS bilateral, AI unilateral (the thorax can only push there; AI lifts off where it would be pulled)"
        case (true, false): contacts = "TS unilateral, AI bilateral"
        case (false, false): contacts = "both bilateral (a pulling contact is reported, not released)"
        }
        let parts = [
            "Seth A, Dong M, Matias R, Delp S (2019). Muscle contributions to upper-extremity movement and work from a musculoskeletal model of the human shoulder. Frontiers in Neurorobotics 13:90, doi:10.3389/fnbot.2019.00090;",
            "file ThoracoscapularShoulderModel.osim (opensim-org/opensim-core, OpenSim/Tests/shared, commit 0435b08; parameters from the Delft Shoulder and Elbow Model), licence CC BY 4.0 (authors' SimTK release) / Apache-2.0 (repository).",
            "The numbers used are in Models/sources/*.csv; scripts/derive-shoulder-model (Sources/ShoulderDerivation) turns them into this file by these rules, and every change to a source number is one of them.",
            "(1) Frames: the thorax frame is the source's (ISB). Scapula points are moved from the OpenSim scapula frame into the ISB scapula frame built from the source's markers aa, ts, ai: origin AA, Z from TS to AA, X normal to the plane AA-TS-AI pointing forward, Y = Z x X. Derived numbers are rounded so that the file does not depend on the last bit of the arithmetic: coordinates and tendon slack lengths to 1 nm, ellipsoid radii and the strut length to 1 pm, angles to 1e-9 degrees, activations to 1e-12.",
            "(2) Reference pose: the source's default pose (scapula origin and rotation in the thorax, re-orthonormalised) expressed for the ISB frame: position = AA in the thorax. Landmarks AA, TS, AI, AC (the `ac` marker) and GH (glenohumeral joint centre).",
            "(3) Muscles: one Hill line per source element, with the source's max isometric force, optimal fibre length and pennation: TrapeziusScapula_S/M/I (upper, middle, lower trapezius), Rhomboideus_S (minor), Rhomboideus_I (major), LevatorScapulae, SerratusAnterior_S/M/I, PectoralisMinor. TrapeziusClavicle_S is dropped: it inserts on the clavicle, which here is a strut that carries force only along its length; moving it to the AC point would give the scapula a pull it does not receive.",
            "(4) Tendon slack length: l_ts = max(0, L_ref - l_opt cos(pennation)), L_ref the path length at the reference pose, so every muscle's normalised fibre length is 1 there (serratus anterior superior, whose path is shorter than its optimal fibre length, keeps l_ts = 0 and sits at 0.998) (the source's l_ts leave pectoralis minor at 0.77, so shortening it would change nothing). Rigid tendons and Thelen (2003) curves replace the source's Millard (2012) curves.",
            "(5) Paths are straight lines between the source's points. Where the straight line passes through the source's thorax wrap ellipsoid `Thorax` at the reference pose (serratus anterior middle and inferior), two fixed thorax via points are added where the shortest path over that (rotated) ellipsoid leaves its surface, computed at the reference pose; they hold only near it, and the engine does not wrap elsewhere.",
            "(6) Constraints: the clavicle is a strut from the sternoclavicular joint centre to the source's AC constraint point on the scapula, its length at the reference pose. TS and AI glide on concentric scaled copies of the source's scapulothoracic ellipsoid, one through each point (the source ellipsoid itself carries the joint's contact point and misses TS and AI by about 5 cm), axis-aligned (its rotation, about the vertical axis of a spheroid, is negligible); contacts: \(contacts).",
            "(7) Loads: gravity 9.80665 m/s2 down (-Y) on the scapula's mass at its centre of mass; the arm's weight (humerus + ulna + radius + hand, \(String(format: "%.3f", armMass)) kg, \(String(format: "%.2f", armWeight)) N) at the glenohumeral joint centre.",
            "(8) Postural tone: activations are the least-squares-smallest (floor \(toneFloor), at most 1) that make the reference pose an equilibrium with both thorax contacts pushing (the strut may push or pull), solved as a least-distance problem by NNLS with LAPACK (Lawson and Hanson 1974); the baseline equilibrium is therefore the reference pose.",
            "(9) taut_strain \(tautMargin): \(Int(tautMargin * 100)) % above the healthy strain, which is 0 by rule (4).",
            "Simplifications: straight lines (no wrapping away from the reference pose); a massless clavicle with no muscles of its own; the arm as a force at the glenohumeral centre (rotator cuff and deltoid, which also load the scapula, are not modelled); muscle forces at fixed activation (no reflexes).",
        ]
        return parts.joined(separator: " ")
    }

    /// Rewrites the writer's one-line quoted `source:` as a folded block scalar of
    /// lines ≤ 100 characters (the same string when read back).
    static func foldSource(_ yaml: String, source: String) -> String {
        var lines = yaml.components(separatedBy: "\n")
        guard let i = lines.firstIndex(where: { $0.hasPrefix("source: ") }) else { return yaml }
        var folded = ["source: >-"]
        var current = ""
        for word in source.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty && current.count + 1 + word.count > 98 {
                folded.append("  " + current)
                current = String(word)
            } else {
                current = current.isEmpty ? String(word) : current + " " + word
            }
        }
        if !current.isEmpty { folded.append("  " + current) }
        lines.replaceSubrange(i...i, with: folded)
        return lines.joined(separator: "\n")
    }
}

/// The source's thorax wrap ellipsoid `Thorax` (rotated) and the test that no muscle
/// segment passes through it.
public struct ThoraxWrapSurface: Sendable {
    public var center: Vector3
    public var rotation: Matrix3
    public var radii: Vector3

    init(_ e: OrientedEllipsoid) {
        center = e.center
        rotation = e.rotation
        radii = e.radii
    }

    var ellipsoid: OrientedEllipsoid {
        var e = OrientedEllipsoid(ShoulderSources.SourceEllipsoid(center: center, radii: radii, rotationAngles: .zero))
        e.rotation = rotation
        return e
    }

    /// A segment whose smallest normalised radius is at least 1 − this touches the surface
    /// (as a wrapped muscle does at its via points) without entering it.
    public static let touching = 1e-9

    /// Smallest normalised radius (1 = on the surface) along the segment a–b (thorax frame).
    public func clearance(_ a: Vector3, _ b: Vector3) -> Double { ellipsoid.segmentClearance(a, b).rho }

    /// Each muscle segment with a scapula end that enters the surface at `pose` (default:
    /// the reference pose), as a sentence. Segments between two thorax points are fixed
    /// stand-ins for a wrapped arc (constant length, no force on the scapula) and are not checked.
    public func violations(of model: Model, at pose: Pose? = nil) -> [String] {
        let p = pose ?? model.scapula.referencePose
        var found: [String] = []
        for m in model.muscles {
            for (k, (a, b)) in zip(m.path, m.path.dropFirst()).enumerated() where a.body == .scapula || b.body == .scapula {
                let rho = clearance(a.position(at: p), b.position(at: p))
                if rho < 1 - ThoraxWrapSurface.touching { found.append("\(m.name) segment \(k) enters the thorax (normalised radius \(rho))") }
            }
        }
        return found
    }
}
