// Signing in to a gateway with the password and a second factor, as the core's login progress leads.

import EgateCore
import Foundation

/// Follows `LoginProgress.next` through the steps; the parent screen decides what a completed
/// login is for (registering this phone, or the account's settings).
@MainActor
final class SignInModel: CoreCallModel {
    enum Step: Equatable {
        case credentials
        case newPassword
        case secondFactor(factors: [String], approvalCode: String?)
        case smsCode(phoneHint: String)
        case backupCode
        case done
    }

    @Published private(set) var step: Step = .credentials
    @Published private(set) var backupCodesLeft: Int64?
    private(set) var session: LoginSession?
    private let platform: Platform
    private var password = ""
    private var deviceApprovalWait: Task<Void, Never>?

    init(platform: Platform) {
        self.platform = platform
    }

    func signIn(gateway: String, citizenId: String, password: String) async {
        await perform {
            let session = LoginSession(
                gateway: gateway.trimmingCharacters(in: .whitespaces),
                dataDir: platform.dataDir,
                keys: platform.keys,
                http: platform.http
            )
            self.session = session
            self.password = password
            follow(try await session.login(citizenId: citizenId, password: password))
        }
    }

    func sendSms() async {
        await stopWaitingForDeviceApproval()
        await perform {
            guard let session else { return }
            step = .smsCode(phoneHint: try await session.sendSms().phoneHint)
        }
    }

    func verifySms(code: String) async {
        await perform {
            guard let session else { return }
            follow(try await session.verifySms(code: code))
        }
    }

    func chooseBackupCode() async {
        await stopWaitingForDeviceApproval()
        step = .backupCode
    }

    func useBackupCode(_ code: String) async {
        await perform {
            guard let session else { return }
            let progress = try await session.loginWithBackupCode(code: code)
            backupCodesLeft = progress.backupCodesRemaining
            follow(progress)
        }
    }

    /// The password the gateway asked to change before the login completes.
    func changePassword(to newPassword: String) async {
        await perform {
            guard let session else { return }
            follow(try await session.changePassword(current: password, new: newPassword))
            password = newPassword
        }
    }

    /// Waits, in long pulls, for the registered phone to approve this login.
    func startWaitingForDeviceApproval() {
        guard deviceApprovalWait == nil, let session else { return }
        deviceApprovalWait = Task {
            await withTaskCancellationHandler {
                await waitForDeviceApproval(session)
            } onCancel: {
                session.cancel()
            }
            deviceApprovalWait = nil
        }
    }

    /// The session runs one call at a time: a pending long pull ends before another step.
    private func stopWaitingForDeviceApproval() async {
        deviceApprovalWait?.cancel()
        await deviceApprovalWait?.value
        deviceApprovalWait = nil
    }

    private func waitForDeviceApproval(_ session: LoginSession) async {
        do {
            while !Task.isCancelled {
                let outcome = try await session.approvalOutcome(waitSeconds: 25)
                if outcome.next == "done" {
                    finish()
                    return
                }
                if outcome.state != "pending" {
                    failure = FailureMessage(text: SignInText.approvalOutcome(outcome.state))
                    return
                }
            }
        } catch {
            failure = FailureMessage(error)
        }
    }

    /// Registers this phone under `name`; nil when the gateway or the key store refused.
    func registerDevice(name: String) async -> RegisteredDevice? {
        var device: RegisteredDevice?
        await perform {
            device = try await session?.registerDevice(name: name)
        }
        return device
    }

    /// Stops a running call or wait (the screen closed).
    func cancel() {
        deviceApprovalWait?.cancel()
        if isBusy {
            session?.cancel()
        }
    }

    private func follow(_ progress: LoginProgress) {
        switch progress.next {
        case "done":
            finish()
        case "change_password":
            step = .newPassword
        case "second_factor":
            step = .secondFactor(factors: progress.secondFactors, approvalCode: progress.approvalCode)
        default:
            failure = FailureMessage(text: String(localized: "error.generic"))
        }
    }

    private func finish() {
        password = ""
        step = .done
    }
}
