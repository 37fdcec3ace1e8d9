import Foundation
import TautCore

/// Output formats of `taut solve`.
public enum ReportFormat: String, CaseIterable, Sendable {
    case table, markdown, csv, json
}

extension SolveReport {
    public func render(_ format: ReportFormat, width: Int = 100) -> String {
        switch format {
        case .table: return table(width: width)
        case .markdown: return markdown()
        case .csv: return csv()
        case .json: return json().serialized(pretty: true) + "\n"
        }
    }

    // MARK: JSON (docs/DESIGN.md section 4; fields are never renamed)

    public func json() -> JSON {
        .object([
            ("scenario", .string(scenario)),
            ("model", .string(model)),
            ("cases", .array(cases.map(caseJSON))),
        ])
    }

    private func caseJSON(_ c: CaseReport) -> JSON {
        var fields: [(String, JSON)] = [
            ("name", .string(c.name)),
            ("converged", .bool(c.converged)),
            ("iterations", .int(c.iterations)),
            ("stable", .bool(c.stable)),
        ]
        guard c.converged else {
            fields += [("error", .string(c.error ?? "")), ("pose", .null), ("muscles", .array([])), ("constraints", .array([]))]
            return .object(fields)
        }
        fields += [
            ("pose", .object([
                ("position_m", .vector(c.positionMM / 1000)),
                ("orientation_deg", .object([
                    ("protraction", .number(c.angles.protraction)),
                    ("lateral_rotation", .number(c.angles.lateralRotation)),
                    ("posterior_tilt", .number(c.angles.posteriorTilt)),
                ])),
            ])),
            ("muscles", .array(c.muscles.map { m in
                .object([
                    ("name", .string(m.name)), ("group", .string(m.group)), ("length_m", .number(m.lengthM)),
                    ("rest_length_m", .number(m.restLengthM)), ("strain", .number(m.strain)),
                    ("tension_n", .number(m.tensionN)), ("delta_tension_n", .number(m.deltaTensionN)),
                    ("state", .string(m.state.rawValue)), ("delta_length_m", .number(m.deltaLengthM)),
                ])
            })),
            ("constraints", .array(c.constraints.map { k in
                .object([
                    ("name", .string(k.name)), ("force_n", .number(k.forceN.length)),
                    ("force_vector_n", .vector(k.forceN)), ("active", .bool(k.active)), ("pulls", .bool(k.pulls)),
                ])
            })),
            ("delta_position_m", .vector(c.deltaPositionMM / 1000)),
            ("delta_orientation_deg", .object([
                ("protraction", .number(c.deltaAngles.protraction)),
                ("lateral_rotation", .number(c.deltaAngles.lateralRotation)),
                ("posterior_tilt", .number(c.deltaAngles.posteriorTilt)),
            ])),
            ("used_homotopy", .bool(c.usedHomotopy)),
        ]
        if let k = c.softestStiffness { fields.append(("softest_stiffness_n_per_m", .number(k))) }
        return .object(fields)
    }

    // MARK: CSV: one row per case and muscle or constraint

    public func csv() -> String {
        var lines = ["case,converged,stable,iterations,item_type,item,group,length_mm,rest_length_mm,strain_pct,tension_n,delta_tension_n,delta_length_mm,state,force_x_n,force_y_n,force_z_n,active"]
        for c in cases {
            let head = "\(csvField(c.name)),\(c.converged),\(c.stable),\(c.iterations)"
            if !c.converged {
                lines.append("\(head),error,\(csvField(c.error ?? "")),,,,,,,,,,,,,")
                continue
            }
            for m in c.muscles {
                lines.append("\(head),muscle,\(csvField(m.name)),\(csvField(m.group)),\(roundTrip(m.lengthM * 1000)),\(roundTrip(m.restLengthM * 1000)),\(roundTrip(m.strain * 100)),\(roundTrip(m.tensionN)),\(roundTrip(m.deltaTensionN)),\(roundTrip(m.deltaLengthM * 1000)),\(m.state.rawValue),,,,")
            }
            for k in c.constraints {
                lines.append("\(head),constraint,\(csvField(k.name)),,,,,,,,,\(roundTrip(k.forceN.x)),\(roundTrip(k.forceN.y)),\(roundTrip(k.forceN.z)),\(k.active)")
            }
            let p = c.positionMM, a = c.angles
            lines.append("\(head),pose,position_mm_x|y|z,,\(roundTrip(p.x))|\(roundTrip(p.y))|\(roundTrip(p.z)),,,,,,,,,,")
            lines.append("\(head),pose,protraction|lateral_rotation|posterior_tilt_deg,,\(roundTrip(a.protraction))|\(roundTrip(a.lateralRotation))|\(roundTrip(a.posteriorTilt)),,,,,,,,,,")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Table and Markdown

    func poseTable() -> TextTable {
        var t = TextTable(["case", "x_mm", "y_mm", "z_mm", "Δ_mm", "protraction_°", "lateral_rot_°", "post_tilt_°", "Δprot_°", "Δlat_°", "Δtilt_°", "iterations", "stable"])
        for c in cases {
            guard c.converged else {
                t.add([c.name, "—", "—", "—", "—", "—", "—", "—", "—", "—", "—", "—", "no equilibrium"])
                continue
            }
            let p = c.positionMM, a = c.angles, d = c.deltaAngles
            t.add([c.name, oneDecimal(p.x), oneDecimal(p.y), oneDecimal(p.z), oneDecimal(c.deltaPositionMM.length), oneDecimal(a.protraction), oneDecimal(a.lateralRotation), oneDecimal(a.posteriorTilt), signedOneDecimal(d.protraction), signedOneDecimal(d.lateralRotation), signedOneDecimal(d.posteriorTilt), "\(c.iterations)", c.stable ? "yes" : "NO"])
        }
        return t
    }

    func muscleTable(_ c: CaseReport) -> TextTable {
        var t = TextTable(["muscle", "group", "length_mm", "rest_mm", "strain_%", "tension_N", "ΔT_N", "ΔL_mm", "state"], leftAligned: [0, 1, 8])
        for m in c.muscles {
            t.add([m.name, m.group, oneDecimal(m.lengthM * 1000), oneDecimal(m.restLengthM * 1000), oneDecimal(m.strain * 100), oneDecimal(m.tensionN), signedOneDecimal(m.deltaTensionN), signedOneDecimal(m.deltaLengthM * 1000), m.state.rawValue])
        }
        return t
    }

    func constraintTable(_ c: CaseReport) -> TextTable {
        var t = TextTable(["constraint", "force_N", "Fx_N", "Fy_N", "Fz_N", "contact"], leftAligned: [0, 5])
        for k in c.constraints {
            let state = !k.active ? "lifted off" : (k.pulls ? "PULLS (would lift off)" : "holds")
            t.add([k.name, oneDecimal(k.forceN.length), oneDecimal(k.forceN.x), oneDecimal(k.forceN.y), oneDecimal(k.forceN.z), state])
        }
        return t
    }

    /// Muscles side by side: strain and tension per case.
    func comparisonTable() -> TextTable? {
        let converged = cases.filter(\.converged)
        guard converged.count > 1, let first = converged.first else { return nil }
        var header = ["muscle"]
        for c in converged { header += ["\(c.name) ε_%", "T_N"] }
        var t = TextTable(header)
        for (i, m) in first.muscles.enumerated() {
            var row = [m.name]
            for c in converged {
                let x = c.muscles[i]
                row += [oneDecimal(x.strain * 100) + (x.state == .taut ? "*" : ""), oneDecimal(x.tensionN)]
            }
            t.add(row)
        }
        return t
    }

    public func table(width: Int) -> String {
        var out = ["Scenario \(scenario) — model \(model)", ""]
        out.append("Scapula pose (origin in the thorax frame; ISB angles; Δ against \(cases.first?.name ?? "the baseline"))")
        out.append(poseTable().render(indent: "  "))
        if let comparison = comparisonTable(), comparison.width + 2 <= width {
            out += ["", "Muscles: strain ε (% of slack length; * taut) and tension T", comparison.render(indent: "  ")]
        }
        for c in cases where c.converged {
            out += ["", "Case '\(c.name)'\(c.description.isEmpty ? "" : " — \(c.description)")\(c.usedHomotopy ? " (reached by homotopy from the baseline)" : "")"]
            out.append(muscleTable(c).render(indent: "  "))
            if !c.constraints.isEmpty { out.append(constraintTable(c).render(indent: "  ")) }
            if !c.stable, let k = c.softestStiffness, let mode = c.softestMode {
                out.append("  UNSTABLE: stiffness \(oneDecimal(k)) N/m along \(mode)")
            }
        }
        let summary = summary()
        if !summary.isEmpty { out += ["", "Summary"] + summary.map { "  " + $0 } }
        return out.joined(separator: "\n") + "\n"
    }

    public func markdown() -> String {
        var out = ["# Scenario \(scenario) — model \(model)", "", "## Scapula pose", "", poseTable().markdown()]
        for c in cases where c.converged {
            out += ["", "## Case: \(c.name)", ""]
            if !c.description.isEmpty { out += [c.description, ""] }
            out.append(muscleTable(c).markdown())
            if !c.constraints.isEmpty { out += ["", constraintTable(c).markdown()] }
        }
        let summary = summary()
        if !summary.isEmpty { out += ["", "## Summary", ""] + summary.map { "- " + $0 } }
        return out.joined(separator: "\n") + "\n"
    }
}
