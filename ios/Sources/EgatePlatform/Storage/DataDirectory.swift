// The directory where the core keeps this phone's registrations.

import Foundation

/// `Application Support/egate`: created on first use and kept out of backups, because the keys
/// it refers to live in this phone's Secure Enclave and never move to another phone.
public enum DataDirectory {
    /// The directory's path, created when missing.
    public static func prepare() throws -> String {
        let support = try FileManager.default.url(
            for: .applicationSupportDirectory, in: .userDomainMask, appropriateFor: nil, create: true
        )
        var directory = support.appendingPathComponent("egate", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var values = URLResourceValues()
        values.isExcludedFromBackup = true
        try directory.setResourceValues(values)
        return directory.path
    }
}
