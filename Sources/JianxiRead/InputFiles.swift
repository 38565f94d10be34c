import Foundation

/// The files a command reads: files named as they are, and under each folder named every .csv
/// and .json file, recursively, in name order (hidden files skipped).
public enum InputFiles {
    public struct Missing: Error, Equatable {
        public let path: String
    }

    public static func expand(_ paths: [String]) throws(Missing) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { throw Missing(path: path) }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let found = (manager.enumerator(atPath: path)?.allObjects as? [String] ?? []).filter { relative in
                let name = (relative as NSString).lastPathComponent
                let ext = (name as NSString).pathExtension.lowercased()
                return !relative.split(separator: "/").contains { $0.hasPrefix(".") } && (ext == "csv" || ext == "json")
            }
            files += found.sorted().map { (path as NSString).appendingPathComponent($0) }
        }
        return files
    }
}
