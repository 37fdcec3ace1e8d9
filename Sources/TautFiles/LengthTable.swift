import TautCore

/// The CSV `taut lengths` writes: one row per pose and muscle,
/// `pose,muscle,length_m,dl_dx,dl_dy,dl_dz,dl_drx,dl_dry,dl_drz`. `length_m` is the path
/// length (m); `dl_dx…dl_dz` its derivatives with respect to a translation of the scapula
/// along the thorax axes (m/m); `dl_drx…dl_drz` with respect to a rotation about the thorax
/// axes through the scapula frame's origin (m/rad; OpenSim's moment arm is the negative).
/// Numbers at full round-trip precision; rows in the poses file's order, muscles in the
/// model's.
public enum LengthTable {
    public static let header = "pose,muscle,length_m,dl_dx,dl_dy,dl_dz,dl_drx,dl_dry,dl_drz"

    /// The rows of one pose (without the header), each ending in a newline.
    /// `samples` are `LengthAnalysis.samples(model, at:)`, in the model's muscle order.
    public static func rows(pose: String, muscles: [Muscle], samples: [LengthAnalysis.Sample]) -> String {
        precondition(muscles.count == samples.count, "one sample per muscle")
        var out = ""
        let p = csvField(pose)
        for (m, s) in zip(muscles, samples) {
            let g = s.gradient
            let numbers = [s.length, g.translational.x, g.translational.y, g.translational.z,
                           g.rotational.x, g.rotational.y, g.rotational.z]
            out += p + "," + csvField(m.name) + "," + numbers.map(roundTrip).joined(separator: ",") + "\n"
        }
        return out
    }
}
