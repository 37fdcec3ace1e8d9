// Writes Models/shoulder-girdle.yaml and Models/scenarios/tight-pec-minor.yaml from
// Models/sources/ (see Sources/ShoulderDerivation). Usage:
//   derive-shoulder-model [PACKAGE_ROOT] [--bilateral-ai] [--bilateral-ts] [--dry-run]
// The flags derive a variant for comparison and imply --dry-run (nothing is written).
import Foundation
import ShoulderDerivation

var arguments = Array(CommandLine.arguments.dropFirst())
var options = ShoulderDerivation.Options()
var dryRun = false
for flag in arguments where flag.hasPrefix("--") {
    switch flag {
    case "--bilateral-ai": options.unilateralAI = false; dryRun = true
    case "--bilateral-ts": options.unilateralTS = false; dryRun = true
    case "--dry-run": dryRun = true
    default:
        FileHandle.standardError.write("derive-shoulder-model: unknown option \(flag)\n".data(using: .utf8)!)
        exit(2)
    }
}
arguments.removeAll { $0.hasPrefix("--") }
let root = arguments.first ?? FileManager.default.currentDirectoryPath
let models = (root as NSString).appendingPathComponent("Models")
do {
    let result = try ShoulderDerivation.derive(sourcesDirectory: (models as NSString).appendingPathComponent("sources"), options: options)
    for line in result.notes + result.diagnostics { print(line) }
    if !dryRun {
        try result.yaml.write(toFile: (models as NSString).appendingPathComponent("shoulder-girdle.yaml"), atomically: true, encoding: .utf8)
        try result.scenarioYAML.write(
            toFile: (models as NSString).appendingPathComponent("scenarios/tight-pec-minor.yaml"), atomically: true, encoding: .utf8)
        print("wrote Models/shoulder-girdle.yaml and Models/scenarios/tight-pec-minor.yaml")
    }
} catch {
    FileHandle.standardError.write("derive-shoulder-model: \(error)\n".data(using: .utf8)!)
    exit(1)
}
