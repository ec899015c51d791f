// The app's shared state: this phone's registrations, their open devices, the waiting logins and what is presented.

import EgateCore
import EgatePlatform
import Foundation

/// Owns the registered devices (opened once each) and routes pushes, scans and links to the
/// screens that show them.
@MainActor
final class AppModel: ObservableObject {
    @Published private(set) var accounts: [DeviceSummary] = []
    @Published private(set) var pending: [PendingLogin] = []
    @Published var path: [Route] = []
    @Published var sheet: Sheet?
    @Published var failure: FailureMessage?

    let platform: Platform
    private var openDevices: [String: Task<RegisteredDevice, Error>] = [:]
    private var pushTarget: PushTarget?
    private var refreshing = false
    private var pushRegistered = false

    init(platform: Platform) {
        self.platform = platform
    }

    /// The gateways a scanned or answered ID verification link may belong to.
    var knownGateways: [String] {
        var gateways = accounts.map(\.gateway)
        if !platform.defaultGateway.isEmpty, !gateways.contains(platform.defaultGateway) {
            gateways.append(platform.defaultGateway)
        }
        return gateways
    }

    /// On launch and whenever the app comes back to the foreground: the registrations, push
    /// registration, and the logins waiting (the pull that covers a missed push).
    func becameActive() async {
        guard !refreshing else { return }
        refreshing = true
        defer { refreshing = false }
        await reloadAccounts()
        if !accounts.isEmpty {
            await registerForPushes()
        }
        await refreshPending()
    }

    /// Reads the registrations off the main thread (the core's store is on disk).
    func reloadAccounts() async {
        let dataDir = platform.dataDir
        do {
            accounts = try await Task.detached { try registeredDevices(dataDir: dataDir) }.value
        } catch {
            failure = FailureMessage(error)
        }
    }

    /// The open device of `account`, opened on first use.
    func device(for account: DeviceSummary) async throws -> RegisteredDevice {
        let opening = openDevices[account.deviceId] ?? Task { [platform] in
            try await RegisteredDevice.open(
                gateway: account.gateway,
                citizenId: account.citizenId,
                dataDir: platform.dataDir,
                keys: platform.keys,
                http: platform.http
            )
        }
        openDevices[account.deviceId] = opening
        do {
            return try await opening.value
        } catch {
            openDevices[account.deviceId] = nil
            throw error
        }
    }

    /// Asks every account's gateway for the logins waiting; an account that cannot be reached
    /// now is skipped (the next refresh tries again).
    func refreshPending() async {
        var found: [PendingLogin] = []
        for account in accounts {
            guard let device = try? await device(for: account),
                  let approvals = try? await device.pendingApprovals()
            else { continue }
            found += approvals.map { PendingLogin(account: account, approval: $0) }
        }
        pending = found
    }

    func open(_ login: PendingLogin) async {
        await presentApproval(of: login.account) { try await $0.openApproval(id: login.approval.id) }
    }

    /// The tap on an approval notification, which names the challenge and the device (so the
    /// account) it was sent to; a device no longer registered here shows the waiting list.
    func openPushed(challenge: String, device: String) async {
        await reloadAccounts()
        if let account = accounts.first(where: { $0.deviceId == device }) {
            await presentApproval(of: account) { try await $0.openApproval(id: challenge) }
        } else {
            await refreshPending()
            path = [.pendingApprovals]
        }
    }

    /// A scanned QR code: a login code of one of the accounts, else an ID verification link.
    /// Throws `GatewayFailure.InvalidInput` when it is neither.
    func openScanned(_ text: String) async throws {
        for account in accounts {
            let device = try await device(for: account)
            do {
                let state = try await device.openScanned(text: text)
                sheet = .approval(ApprovalModel(account: account, device: device, state: state, app: self))
                return
            } catch GatewayFailure.InvalidInput {
                continue
            }
        }
        try await openIdVerification(link: text, purpose: .phone)
    }

    /// Opens an ID verification link and presents it.
    func openIdVerification(link: String, purpose: IdVerificationModel.Purpose) async throws {
        let verification = try await IdVerification.open(
            link: link,
            gateways: knownGateways,
            dataDir: platform.dataDir,
            keys: platform.keys,
            http: platform.http
        )
        sheet = .idVerification(IdVerificationModel(verification: verification, purpose: purpose, app: self))
    }

    /// A device registered or moved to this phone: kept open, listed, and told where pushes go.
    func adopt(_ device: RegisteredDevice) async {
        openDevices[device.summary().deviceId] = Task { device }
        await reloadAccounts()
        await registerForPushes()
        if let pushTarget {
            // A refused token leaves the device pulling on start and resume.
            try? await device.setPushTarget(target: pushTarget)
        }
    }

    /// This phone's registration of `account` was removed.
    func forget(_ account: DeviceSummary) {
        openDevices[account.deviceId] = nil
        path = []
        Task { await reloadAccounts() }
    }

    /// APNs issued or renewed this phone's token: every account's gateway learns it.
    func pushTargetChanged(_ target: PushTarget) async {
        pushTarget = target
        for account in accounts {
            guard let device = try? await device(for: account) else { continue }
            try? await device.setPushTarget(target: target)
        }
    }

    /// Once per launch, as soon as an account exists.
    private func registerForPushes() async {
        guard !pushRegistered else { return }
        pushRegistered = true
        await PushRegistration.enable()
    }

    private func presentApproval(
        of account: DeviceSummary,
        _ open: (RegisteredDevice) async throws -> ApprovalState
    ) async {
        do {
            let device = try await device(for: account)
            let state = try await open(device)
            sheet = .approval(ApprovalModel(account: account, device: device, state: state, app: self))
        } catch {
            failure = FailureMessage(error)
        }
    }
}
