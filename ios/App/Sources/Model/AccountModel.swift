// One account's settings on this phone: push status, key renewal and phone verification with the ID card.

import EgateCore
import Foundation

@MainActor
final class AccountModel: CoreCallModel {
    let account: DeviceSummary
    @Published private(set) var pushStatus: PushStatus?
    @Published private(set) var keysRenewed = false
    private weak var app: AppModel?

    init(account: DeviceSummary, app: AppModel) {
        self.account = account
        self.app = app
    }

    func load() async {
        await perform { pushStatus = try await device().pushStatus() }
    }

    /// New keys in the Secure Enclave behind the user's prompt; the old ones are deleted.
    func renewKeys() async {
        await perform {
            _ = try await device().rotateKeys()
            keysRenewed = true
        }
    }

    /// Starts proving the account's phone number with the ID card.
    func verifyPhone() async {
        await perform {
            let link = try await device().startPhoneVerification()
            try await app?.openIdVerification(link: link, purpose: .phone)
        }
    }

    private func device() async throws -> RegisteredDevice {
        guard let app else { throw CancellationError() }
        return try await app.device(for: account)
    }
}
