// The account from Swift against the loopback gateway: a backup-code login while the phone stays
// silent, the account page and its notices, the password and two-factor settings; the registered
// device's push target (a login announced to the development outbox) and its key rotation in the
// Swift KeyStore, approved with the new keys; the account moved to a new phone with the ID card,
// the old phone refused, and two-factor login turned off from a login the new phone approved.

import Foundation

/// Expects `block` to be refused by the gateway with `code`.
func refused(with code: String, _ block: () async throws -> Void) async throws {
    do {
        try await block()
    } catch GatewayFailure.Refused(let refusal, _, _) {
        try check(refusal == code, "refused with \(refusal), not \(code)")
        return
    }
    throw Failure(description: "not refused (\(code) expected)")
}

func theAccountIsManagedFromSwift() async throws {
    guard let device = registered, let keys = registeredKeys else {
        throw Failure(description: "no device registered")
    }
    let (gateway, citizen, password, data) =
        (env["EGATE_GATEWAY"]!, env["EGATE_CITIZEN"]!, env["EGATE_PASSWORD"]!, env["EGATE_DATA"]!)
    let codes = try await device.newBackupCodes()
    let session = LoginSession(gateway: gateway, dataDir: data, keys: keys, http: http)
    var login: LoginProgress
    do {
        login = try await session.login(citizenId: citizen, password: password)
    } catch GatewayFailure.Refused(let code, _, let retryAfter?) where code == "approval_wait" {
        // The login test's denial paused approvals; the refusal says for how long.
        try check((1...10).contains(retryAfter), "wait \(retryAfter)")
        try await Task.sleep(nanoseconds: UInt64(retryAfter) * 1_000_000_000 + 500_000_000)
        login = try await session.login(citizenId: citizen, password: password)
    }
    try check(login.next == "second_factor" && login.approvalCode != nil, "login \(login)")
    try await refused(with: "backup_code_invalid") {
        _ = try await session.loginWithBackupCode(code: String(codes[0].reversed()))
    }
    let done = try await session.loginWithBackupCode(code: codes[0])
    try check(done.next == "done" && done.backupCodesRemaining == Int64(codes.count - 1), "\(done)")
    try await refused(with: "backup_code_invalid") {
        _ = try await session.loginWithBackupCode(code: codes[0])
    }

    let account = try await session.account()
    try check(account.citizenId == citizen && account.twoFactor && account.hasPhone, "\(account)")
    try check(account.devices.count == 1 && account.devices[0].thisDevice
              && account.devices[0].id == device.summary().deviceId, "devices \(account.devices)")
    let notice = try await session.notifications().first
    try check(notice?.kind == "backup_code_used" && notice?.detail == "\(codes.count - 1)",
              "\(String(describing: notice))")

    let newPassword = "swift's new passphrase"
    try await refused(with: "invalid_credentials") {
        _ = try await session.changePassword(current: "not the password", new: newPassword)
    }
    try await refused(with: "weak_password") {
        _ = try await session.changePassword(current: password, new: "short")
    }
    try check(try await session.changePassword(current: password, new: newPassword).next == "done",
              "password not changed")
    try await refused(with: "invalid_credentials") {
        _ = try await LoginSession(gateway: gateway, dataDir: data, keys: keys, http: http)
            .login(citizenId: citizen, password: password)
    }
    let fresh = LoginSession(gateway: gateway, dataDir: data, keys: keys, http: http)
    guard let code = try await fresh.login(citizenId: citizen, password: newPassword).approvalCode else {
        throw Failure(description: "the new password did not log in")
    }
    _ = try await device.openApproval(id: try await device.pendingApprovals()[0].id)
    try check(try await device.approve(code: code) == .approved, "the new password's login")
    _ = try await session.changePassword(current: newPassword, new: password)
    try check(try await session.notifications().first?.kind == "password_changed", "no notice")
    let twoFactor = try await session.setTwoFactor(enabled: true)
    try check(twoFactor.enabled && twoFactor.devicesRemoved == 0, "\(twoFactor)")
}

func pushesAndKeyRotationFromSwift() async throws {
    guard let device = registered, let keys = registeredKeys else {
        throw Failure(description: "no device registered")
    }
    try await refused(with: "bad_request") {
        try await device.setPushTarget(target: .apns(token: "not a device token"))
    }
    try await device.setPushTarget(target: .developmentOutbox(label: "Swift test phone"))
    let code = try ask("push-login")
    let status = try await device.pushStatus()
    try check(status.provider == "outbox" && status.recent.first?.outcome == "delivered", "\(status)")

    let before = keys.labels
    let rotated = try await device.rotateKeys()
    let after = keys.labels
    try check(after.count == before.count && after.isDisjoint(with: before), "\(before) -> \(after)")
    let pending = try await device.pendingApprovals()
    try check(pending.count == 1, "pending \(pending)")
    try check(isShowing(try await device.openApproval(id: pending[0].id), scanned: false), "not shown")
    try check(try await device.approve(code: code) == .approved, "not approved with the new keys")
    try check(try ask("outcome") == "approved", "the browser was not let in")
    let reopened = try await RegisteredDevice.open(
        gateway: env["EGATE_GATEWAY"]!, citizenId: env["EGATE_CITIZEN"]!, dataDir: env["EGATE_DATA"]!,
        keys: keys, http: http)
    try check(try await reopened.pushStatus().provider == "outbox", "the reopened device cannot sign")
    try check(rotated.userKeyId != rotated.possessionKeyId, "\(rotated)")
}

nonisolated(unsafe) var movedTo: RegisteredDevice?
let newPhoneKeys = SwiftKeyStore()

func newPhoneData() throws -> String {
    let dir = env["EGATE_DATA"]! + "-new-phone"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

func theAccountMovesToANewPhoneWithTheIdCard() async throws {
    guard let old = registered else { throw Failure(description: "no device registered") }
    let (gateway, citizen, password) = (env["EGATE_GATEWAY"]!, env["EGATE_CITIZEN"]!, env["EGATE_PASSWORD"]!)
    let data = try newPhoneData()
    let session = LoginSession(gateway: gateway, dataDir: data, keys: newPhoneKeys, http: http)
    try await refused(with: "invalid_credentials") {
        _ = try await session.startTransfer(citizenId: citizen, password: "not the password")
    }
    let link = try await session.startTransfer(citizenId: citizen, password: password)
    let verification = try await IdVerification.open(link: link, gateways: [gateway], dataDir: data,
                                                     keys: newPhoneKeys, http: http)
    try check(try verification.enterCan(can: idCard.can!) == .holdCard, "not holding")
    let read = try await verification.readCard(transport: SwiftTransport(try simulatedCard(profile: "td1-id")),
                                               listener: nil)
    try check(read == .readyToSend, "after the read \(read)")
    guard case .enterSmsCode = try await verification.sendEvidence() else {
        throw Failure(description: "no SMS step")
    }
    let moved = try await verification.confirmTransfer(code: try ask("sms"), citizenId: citizen,
                                                       name: "Swift new phone")
    movedTo = moved
    let devices = try await moved.devices()
    try check(devices.count == 1 && devices[0].thisDevice, "devices \(devices)")
    try check(try registeredDevices(dataDir: data).first?.deviceId == moved.summary().deviceId, "not kept")
    try await refused(with: "unknown_key") { _ = try await old.pendingApprovals() }
}

func theNewPhoneApprovesALoginThatTurnsTwoFactorOff() async throws {
    guard let moved = movedTo else { throw Failure(description: "the account did not move") }
    let session = LoginSession(gateway: env["EGATE_GATEWAY"]!, dataDir: try newPhoneData(),
                               keys: newPhoneKeys, http: http)
    guard let code = try await session.login(citizenId: env["EGATE_CITIZEN"]!,
                                             password: env["EGATE_PASSWORD"]!).approvalCode else {
        throw Failure(description: "no approval code")
    }
    _ = try await moved.openApproval(id: try await moved.pendingApprovals()[0].id)
    try check(try await moved.approve(code: code) == .approved, "not approved")
    try check(try await session.approvalOutcome(waitSeconds: 5).next == "done", "the login did not complete")
    let off = try await session.setTwoFactor(enabled: false)
    try check(!off.enabled && off.devicesRemoved == 1, "\(off)")
    try await refused(with: "unknown_key") { _ = try await moved.pendingApprovals() }
    try check(try await session.notifications().first?.kind == "two_factor_off", "no notice")
}
