// Starting the move of an account to this phone: the password opens it, the ID card then proves the holder.

import EgateCore
import Foundation

@MainActor
final class TransferModel: CoreCallModel {
    private let platform: Platform
    private weak var app: AppModel?

    init(platform: Platform, app: AppModel) {
        self.platform = platform
        self.app = app
    }

    /// Asks the gateway for the move's link and opens its ID verification.
    func start(gateway: String, citizenId: String, password: String, deviceName: String) async {
        await perform {
            let session = LoginSession(
                gateway: gateway.trimmingCharacters(in: .whitespaces),
                dataDir: platform.dataDir,
                keys: platform.keys,
                http: platform.http
            )
            let link = try await session.startTransfer(citizenId: citizenId, password: password)
            try await app?.openIdVerification(
                link: link,
                purpose: .transfer(citizenId: citizenId, deviceName: deviceName)
            )
        }
    }
}
