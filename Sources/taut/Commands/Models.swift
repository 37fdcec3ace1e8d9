import ArgumentParser
import TautCore
import TautFiles
import TautTerminal

struct Models: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the embedded models and scenarios.")

    func run() throws {
        var text = "Models\n"
        for entry in Catalog.models {
            let model = try inputOrExit { try ModelReader.parse(entry.text, file: "Models/" + entry.path) }
            text += "  \(pad(entry.name, 20)) \(model.muscles.count) muscles — \(model.description)\n"
        }
        text += "Scenarios\n"
        for entry in Catalog.scenarios {
            let s = try inputOrExit { try Catalog.scenario(named: entry.name)! }
            let mark = entry.name == Catalog.demonstration ? " (the demonstration)" : ""
            text += "  \(pad(entry.name, 20)) \(s.cases.count) cases on \(s.model.name)\(mark) — \(s.description)\n"
        }
        try write(text, to: nil)
    }
}

func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }
