// One login approval on screen: the core's approval state and the person's answer.

import EgateCore
import Foundation

/// Shows what the core's approval flow answers; approving signs with the user-verification key,
/// so Face ID or Touch ID asks first (the system prompt comes from the key store).
@MainActor
final class ApprovalModel: CoreCallModel {
    @Published private(set) var state: ApprovalState
    let account: DeviceSummary
    private let device: RegisteredDevice
    private weak var app: AppModel?

    init(account: DeviceSummary, device: RegisteredDevice, state: ApprovalState, app: AppModel) {
        self.account = account
        self.device = device
        self.state = state
        self.app = app
    }

    func approve(code: String) async {
        await answer { try await $0.approve(code: code) }
    }

    func approveScanned() async {
        await answer { try await $0.approveScanned() }
    }

    func deny() async {
        await answer { try await $0.deny() }
    }

    func report() async {
        await answer { try await $0.report() }
    }

    /// The sheet closed: a call still running is cancelled and the waiting list refreshed.
    func closed() async {
        if isBusy {
            device.cancel()
        }
        await app?.refreshPending()
    }

    private func answer(_ call: (RegisteredDevice) async throws -> ApprovalState) async {
        await perform { state = try await call(device) }
    }
}
