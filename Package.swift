// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Taut",
    products: [
        .library(name: "TautCore", targets: ["TautCore"]),
        .executable(name: "taut", targets: ["taut"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
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
        .executableTarget(
            name: "taut",
            dependencies: [
                "TautCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "TautCoreTests",
            dependencies: ["TautCore"]
        ),
    ]
)
