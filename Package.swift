// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Taut",
    products: [
        .library(name: "TautCore", targets: ["TautCore"]),
        .library(name: "TautFiles", targets: ["TautFiles"]),
        .library(name: "TautPictures", targets: ["TautPictures"]),
        .executable(name: "taut", targets: ["taut"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLapack",
            providers: [.apt(["liblapack-dev", "libopenblas-dev"])]
        ),
        .target(
            name: "TautCore",
            dependencies: ["CLapack"]
        ),
        .target(
            name: "TautFiles",
            dependencies: ["TautCore", .product(name: "Yams", package: "Yams")],
            plugins: ["EmbedModels"]
        ),
        .target(
            name: "TautPictures",
            dependencies: ["TautCore", "TautFiles"]
        ),
        .target(
            name: "TautTerminal",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "embed-models"),
        .plugin(name: "EmbedModels", capability: .buildTool(), dependencies: ["embed-models"]),
        .executableTarget(
            name: "taut",
            dependencies: [
                "TautCore",
                "TautFiles",
                "TautPictures",
                "TautTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "ShoulderDerivation",
            dependencies: ["TautCore", "TautFiles", "CLapack"]
        ),
        .executableTarget(
            name: "derive-shoulder-model",
            dependencies: ["ShoulderDerivation"]
        ),
        .testTarget(
            name: "ShoulderDerivationTests",
            dependencies: ["ShoulderDerivation", "TautCore", "TautFiles"]
        ),
        .testTarget(
            name: "TautCoreTests",
            dependencies: ["TautCore"]
        ),
        .testTarget(
            name: "TautFilesTests",
            // TautPictures: the loader fuzzer renders every valid mutant in every output,
            // the girdle drawing included.
            dependencies: ["TautFiles", "TautPictures"],
            // The fuzzer's regression corpus and the OpenSim reference table (scripts/validate-opensim), read from the source tree.
            exclude: ["FuzzCorpus", "OpenSimReference"]
        ),
        .testTarget(
            name: "TautPicturesTests",
            dependencies: ["TautPictures", "TautFiles", "TautCore"]
        ),
        .testTarget(
            name: "TautCLITests",
            dependencies: ["taut"]
        ),
    ]
)
