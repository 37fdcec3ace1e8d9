/// Eight colours distinguishable by people with colour-vision deficiencies
/// (Okabe & Ito 2008, "Color Universal Design"), for unordered series; black first.
enum OkabeIto {
    static let colors = ["#000000", "#e69f00", "#56b4e9", "#009e73", "#0072b2", "#d55e00", "#cc79a7", "#f0e442"]
}
