import Foundation
import PackagePlugin

/// Compiles the YAML files under `Models/` (not `Models/sources/`) into the target,
/// so `taut` carries its models and scenarios and works from any directory.
@main
struct EmbedModels: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL.appending(path: "Models")
        var files: [URL] = []
        for folder in [root, root.appending(path: "scenarios")] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            files += names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }.sorted().map { folder.appending(path: $0) }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedModelFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) model files",
                executable: try context.tool(named: "embed-models").url,
                arguments: [root.path, output.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output])
        ]
    }
}
