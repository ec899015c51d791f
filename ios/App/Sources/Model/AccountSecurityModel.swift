// The account's settings behind a fresh login: two-factor login, the password and the security notices.

import EgateCore
import Foundation

@MainActor
final class AccountSecurityModel: CoreCallModel {
    @Published private(set) var overview: AccountOverview?
    @Published private(set) var notices: [AccountNotice] = []
    /// What the last change did, to confirm it on screen.
    @Published private(set) var confirmation: String?
    private let session: LoginSession

    init(session: LoginSession) {
        self.session = session
    }

    func load() async {
        await perform {
            overview = try await session.account()
            notices = try await session.notifications()
        }
    }

    /// Turning two-factor login off removes every registered device, this phone included.
    func setTwoFactor(_ enabled: Bool) async {
        await perform {
            let change = try await session.setTwoFactor(enabled: enabled)
            confirmation = AccountText.twoFactorChange(change)
            overview = try await session.account()
            notices = try await session.notifications()
        }
    }

    func changePassword(current: String, new: String) async -> Bool {
        var changed = false
        await perform {
            _ = try await session.changePassword(current: current, new: new)
            confirmation = String(localized: "security.passwordChanged")
            notices = try await session.notifications()
            changed = true
        }
        return changed
    }

    /// The screen closed: a running call stops.
    func cancel() {
        if isBusy {
            session.cancel()
        }
    }
}
