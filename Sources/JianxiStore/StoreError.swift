import JianxiDomain

/// Why the store cannot be used; each says what to do.
public struct StoreError: Error, Sendable {
    public let message: Text

    static func cannotOpen(_ path: String, _ reason: String) -> StoreError {
        StoreError(message: Text(zh: "无法打开数据库 \(path)：\(reason)。请检查路径和权限。",
                                 en: "Cannot open the store \(path): \(reason). Check the path and permissions."))
    }

    static func newer(_ path: String, unknown: [String]) -> StoreError {
        StoreError(message: Text(
            zh: "数据库 \(path) 由更新版本的 jianxi 创建（含本版本不认识的结构：\(unknown.joined(separator: "、"))），为免损坏数据，本版本不打开它。请升级 jianxi。",
            en: "The store \(path) was written by a newer jianxi (it has schema changes this version does not know: \(unknown.joined(separator: ", "))); to keep it intact this version will not open it. Upgrade jianxi."))
    }

    static func database(_ path: String, _ error: Error) -> StoreError {
        StoreError(message: Text(zh: "数据库 \(path) 出错：\(error)。本次写入已全部撤销，已存数据不受影响。",
                                 en: "Store \(path) failed: \(error). This write was rolled back; what was stored before is intact."))
    }
}
