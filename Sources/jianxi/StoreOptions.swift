import ArgumentParser
import Foundation
import JianxiDomain
import JianxiStore

/// Where the store is: `--db`, else $JIANXI_DB, else ./jianxi.sqlite.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("数据库文件（默认 $JIANXI_DB 或 ./jianxi.sqlite）。The store (default $JIANXI_DB or ./jianxi.sqlite).", valueName: "PATH"))
    var db: String?

    var path: String { db ?? ProcessInfo.processInfo.environment["JIANXI_DB"] ?? "jianxi.sqlite" }

    func open(_ lang: Lang) throws -> ReturnStore { try Self.open(path, lang) }

    static func open(_ path: String, _ lang: Lang) throws -> ReturnStore {
        do {
            return try ReturnStore(path: path)
        } catch {
            throw CommandFailure(message: error.message(lang))
        }
    }
}

extension CommonOptions {
    func period(_ text: String) throws -> Period {
        guard let period = Period(parsing: text) else {
            throw CommandFailure(message: language == .zh ? "统计期“\(text)”无法识别，请写成 2024-03、202403 或 2024年3月。"
                : "Cannot read the period \"\(text)\"; write 2024-03, 202403 or 2024年3月.")
        }
        return period
    }

    func region(_ code: String, in registry: RegionRegistry) throws -> Region {
        guard let region = registry[MonthlyReturn.normaliseRegionCode(code)] else {
            throw CommandFailure(message: language == .zh ? "区划代码\(code)不在区划表中（jianxi regions 可查）。" : "Region code \(code) is not in the registry (see `jianxi regions`).")
        }
        return region
    }
}

/// Runs a store operation, turning its failure into the command's.
func storeCall<T>(_ lang: Lang, _ body: () throws(StoreError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw CommandFailure(message: error.message(lang))
    }
}
