// The backup codes screen: unlocked by the device owner, new codes shown once and never stored.

import EgateCore
import EgatePlatform
import Foundation

@MainActor
final class BackupCodesModel: CoreCallModel {
    let account: DeviceSummary
    @Published private(set) var unlocked = false
    @Published private(set) var remaining: Int64?
    /// The codes just created; kept only while the screen shows them.
    @Published private(set) var codes: [String] = []
    private weak var app: AppModel?

    init(account: DeviceSummary, app: AppModel) {
        self.account = account
        self.app = app
    }

    func unlock() async {
        unlocked = await DeviceOwnerCheck.confirm(reason: String(localized: "backup.unlockReason"))
        if unlocked {
            await perform { remaining = try await device().backupCodesRemaining() }
        }
    }

    /// A new set; the old codes stop working.
    func create() async {
        await perform {
            codes = try await device().newBackupCodes()
            remaining = Int64(codes.count)
        }
    }

    func delete() async {
        await perform {
            try await device().deleteBackupCodes()
            codes = []
            remaining = 0
        }
    }

    /// Forgets the shown codes and locks the screen again (it left the foreground or closed).
    func lock() {
        codes = []
        unlocked = false
    }

    private func device() async throws -> RegisteredDevice {
        guard let app else { throw CancellationError() }
        return try await app.device(for: account)
    }
}
