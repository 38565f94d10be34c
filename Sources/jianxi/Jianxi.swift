import ArgumentParser
import Foundation

/// Exit codes: 0 no error findings, 1 error findings, 2 the command could not run.
/// ArgumentParser's own usage errors (64) are folded into 2 so scripts need know only three codes.
@main
struct Main {
    static func main() {
        do {
            var command = try Jianxi.parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data((failure.message + "\n").utf8))
            Foundation.exit(2)
        } catch {
            if Jianxi.exitCode(for: error) == .success { Jianxi.exit(withError: error) }
            FileHandle.standardError.write(Data((Jianxi.fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

struct Jianxi: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jianxi",
        abstract: "就业见习岗位募集计划月报：检查、汇总、报送情况（Employment-internship monthly returns）",
        discussion: """
            退出码 Exit codes: 0 没有错误 no errors; 1 有错误 error findings; 2 命令无法执行 the command could not run.
            """,
        subcommands: [Check.self, Ingest.self, Status.self, History.self, Explain.self, Export.self, Deadline.self, Template.self, Codes.self, Regions.self, Sample.self]
    )
}

/// A reason the command cannot run at all (exit 2), already worded for the user.
struct CommandFailure: Error {
    let message: String
}
