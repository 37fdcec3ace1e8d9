/// Typography and strokes shared by the pictures.
enum Style {
    static let ink = "#222222"
    static let muted = "#555555"
    static let grid = "#e4e4e4"
    static let frame = "#999999"
    static let titleSize = 17.0
    static let headingSize = 14.0
    static let textSize = 12.0
    static let smallSize = 11.0
}
