import Foundation
import PackagePlugin

/// Compiles the data files of Schemas/ into the JianxiSchemas module (see EmbedFiles).
@main
struct EmbedSchemas: BuildToolPlugin {
    /// Swift constant name -> file under Schemas/.
    static let files: [(name: String, file: String)] = [
        ("regionsCSV", "regions-jiangxi.csv"),
        ("calendarCSV", "calendar-cn.csv"),
        ("rulesJSON", "rules.json"),
    ]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let schemas = context.package.directoryURL.appending(path: "Schemas")
        let output = context.pluginWorkDirectoryURL.appending(path: "BuiltinSchemas.swift")
        let inputs = Self.files.map { schemas.appending(path: $0.file) }
        return [.buildCommand(
            displayName: "Embedding Schemas/ data files",
            executable: try context.tool(named: "EmbedFiles").url,
            arguments: [output.path] + zip(Self.files, inputs).map { "\($0.name)=\($1.path)" },
            inputFiles: inputs,
            outputFiles: [output]
        )]
    }
}
