// The account from Kotlin against the loopback gateway: a backup-code login while the phone
// stays silent, the account page and its notices, the password and two-factor settings; the
// registered device's push target (a login announced to the development outbox) and its key
// rotation in the Kotlin KeyStore, approved with the new keys; the account moved to a new phone
// with the ID card, the old phone refused, and two-factor login turned off from a login the
// new phone approved.

import eu.egate.core.*
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import java.nio.file.Files

val GATEWAY: String = System.getenv("EGATE_GATEWAY")
val CITIZEN: String = System.getenv("EGATE_CITIZEN")
val PASSWORD: String = System.getenv("EGATE_PASSWORD")

/** Expects [block] to be refused by the gateway with [code]. */
suspend fun refusedWith(code: String, block: suspend () -> Unit) {
    try {
        block()
        throw AssertionError("not refused ($code expected)")
    } catch (e: GatewayFailure.Refused) {
        check(e.code == code) { "refused with ${e.code}, not $code" }
    }
}

fun theAccountIsManagedFromKotlin() = runBlocking {
    val device = registered ?: throw AssertionError("no device registered by the login test")
    val codes = device.newBackupCodes()
    val session = LoginSession(GATEWAY, registeredData, registeredKeys, HTTP)
    val login = try {
        session.login(CITIZEN, PASSWORD)
    } catch (e: GatewayFailure.Refused) {
        // The login test's denial paused approvals; the refusal says for how long.
        val wait = e.retryAfter ?: throw e
        check(e.code == "approval_wait" && wait in 1..10) { "refused $e" }
        delay(wait * 1000 + 500)
        session.login(CITIZEN, PASSWORD)
    }
    check(login.next == "second_factor" && login.approvalCode != null) { "login $login" }
    refusedWith("backup_code_invalid") { session.loginWithBackupCode(codes[0].reversed()) }
    val done = session.loginWithBackupCode(codes[0])
    check(done.next == "done" && done.backupCodesRemaining == codes.size - 1L) { "backup $done" }
    refusedWith("backup_code_invalid") { session.loginWithBackupCode(codes[0]) }

    val account = session.account()
    check(account.citizenId == CITIZEN && account.twoFactor && account.hasPhone) { "$account" }
    check(account.devices.single().thisDevice) { "this phone is not marked: ${account.devices}" }
    check(account.devices.single().id == device.summary().deviceId) { "devices ${account.devices}" }
    val notice = session.notifications().first()
    check(notice.kind == "backup_code_used" && notice.detail == "${codes.size - 1}") { "$notice" }

    refusedWith("invalid_credentials") { session.changePassword("not the password", "a new passphrase") }
    refusedWith("weak_password") { session.changePassword(PASSWORD, "short") }
    check(session.changePassword(PASSWORD, "kotlin's new passphrase").next == "done") { "change" }
    refusedWith("invalid_credentials") { LoginSession(GATEWAY, registeredData, registeredKeys, HTTP).login(CITIZEN, PASSWORD) }
    val fresh = LoginSession(GATEWAY, registeredData, registeredKeys, HTTP)
    val code = fresh.login(CITIZEN, "kotlin's new passphrase").approvalCode
        ?: throw AssertionError("the new password did not log in")
    device.openApproval(device.pendingApprovals().single().id)
    check(device.approve(code) == ApprovalState.Approved) { "the new password's login" }
    session.changePassword("kotlin's new passphrase", PASSWORD)
    check(session.notifications().first().kind == "password_changed") { "no notice" }
    val twoFactor = session.setTwoFactor(true)
    check(twoFactor.enabled && twoFactor.devicesRemoved == 0uL) { "$twoFactor" }
}

fun pushesAndKeyRotationFromKotlin() = runBlocking {
    val device = registered ?: throw AssertionError("no device registered by the login test")
    refusedWith("bad_request") { device.setPushTarget(PushTarget.Apns("not a device token")) }
    device.setPushTarget(PushTarget.DevelopmentOutbox("Kotlin test phone"))
    val code = ask("push-login")
    val status = device.pushStatus()
    check(status.provider == "outbox" && status.recent.first().outcome == "delivered") { "$status" }

    val before = registeredKeys.labels()
    val rotated = device.rotateKeys()
    val after = registeredKeys.labels()
    check(after.size == before.size && after.none { it in before }) { "labels $before -> $after" }
    val shown = device.openApproval(device.pendingApprovals().single().id)
    check(shown is ApprovalState.Showing) { "shown $shown" }
    check(device.approve(code) == ApprovalState.Approved) { "not approved with the new keys" }
    check(ask("outcome") == "approved") { "the browser was not let in" }
    val reopened = RegisteredDevice.open(GATEWAY, CITIZEN, registeredData, registeredKeys, HTTP)
    check(reopened.pushStatus().provider == "outbox") { "the reopened device cannot sign" }
    check(rotated.userKeyId != rotated.possessionKeyId) { "$rotated" }
}

/** The new phone the account moved to. */
var movedTo: RegisteredDevice? = null
val newPhoneKeys = JcaKeyStore()
val newPhoneData: String = Files.createTempDirectory("egate-kotlin-new-phone").toString()

fun theAccountMovesToANewPhoneWithTheIdCard() = runBlocking {
    val old = registered ?: throw AssertionError("no device registered by the login test")
    val session = LoginSession(GATEWAY, newPhoneData, newPhoneKeys, HTTP)
    refusedWith("invalid_credentials") { session.startTransfer(CITIZEN, "not the password") }
    val link = session.startTransfer(CITIZEN, PASSWORD)
    val verification = IdVerification.open(link, listOf(GATEWAY), newPhoneData, newPhoneKeys, HTTP)
    check(verification.enterCan(ID_CARD.can!!) == IdVerificationState.HoldCard) { "not holding" }
    val read = verification.readCard(KotlinTransport(simulatedCard("td1-id")), null)
    check(read == IdVerificationState.ReadyToSend) { "after the read $read" }
    check(verification.sendEvidence() is IdVerificationState.EnterSmsCode) { "no SMS step" }
    val moved = verification.confirmTransfer(ask("sms"), CITIZEN, "Kotlin new phone")
    movedTo = moved
    check(moved.devices().single().thisDevice) { "the new phone is not the only device" }
    check(registeredDevices(newPhoneData).single().deviceId == moved.summary().deviceId) { "not kept" }
    refusedWith("unknown_key") { old.pendingApprovals() }
}

fun theNewPhoneApprovesALoginThatTurnsTwoFactorOff() = runBlocking {
    val moved = movedTo ?: throw AssertionError("the account did not move")
    val session = LoginSession(GATEWAY, newPhoneData, newPhoneKeys, HTTP)
    val code = session.login(CITIZEN, PASSWORD).approvalCode ?: throw AssertionError("no code")
    moved.openApproval(moved.pendingApprovals().single().id)
    check(moved.approve(code) == ApprovalState.Approved) { "not approved" }
    check(session.approvalOutcome(5u).next == "done") { "the login did not complete" }
    val off = session.setTwoFactor(false)
    check(!off.enabled && off.devicesRemoved == 1uL) { "$off" }
    refusedWith("unknown_key") { moved.pendingApprovals() }
    check(session.notifications().first().kind == "two_factor_off") { "no notice" }
}
