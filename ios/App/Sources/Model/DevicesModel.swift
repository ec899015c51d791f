// The account's devices: listing, renaming and removing them.

import EgateCore
import Foundation

@MainActor
final class DevicesModel: CoreCallModel {
    let account: DeviceSummary
    @Published private(set) var devices: [AccountDevice] = []
    private weak var app: AppModel?

    init(account: DeviceSummary, app: AppModel) {
        self.account = account
        self.app = app
    }

    func load() async {
        await perform { devices = try await device().devices() }
    }

    func rename(_ target: AccountDevice, to name: String) async {
        await perform {
            let device = try await device()
            try await device.renameDevice(id: target.id, name: name)
            devices = try await device.devices()
        }
    }

    /// Removes `target`; removing this phone ends its registration here too.
    func remove(_ target: AccountDevice) async {
        await perform {
            let device = try await device()
            try await device.removeDevice(id: target.id)
            if target.thisDevice {
                app?.forget(account)
            } else {
                devices = try await device.devices()
            }
        }
    }

    private func device() async throws -> RegisteredDevice {
        guard let app else { throw CancellationError() }
        return try await app.device(for: account)
    }
}
