// The ID verification from Kotlin against the loopback gateway: the registered device starts a
// phone verification, the simulated ID card is read through a Kotlin CardTransport and its
// Active Authentication answers the gateway's challenge; a card without Active Authentication
// is proven by the gateway's own Chip Authentication relayed over the same Kotlin transport.

import eu.egate.core.*
import kotlinx.coroutines.runBlocking

fun verifyPhoneWith(profile: String, chipPresence: String) = runBlocking {
    val device = registered ?: throw AssertionError("no device registered by the login test")
    val link = device.startPhoneVerification()
    val gateways = listOf(System.getenv("EGATE_GATEWAY"))
    val verification = IdVerification.open(link, gateways, registeredData, registeredKeys, HTTP)
    check(verification.state() == IdVerificationState.EnterCredentials(false)) { "${verification.state()}" }
    try {
        verification.enterCan("12x")
        throw AssertionError("a CAN with a letter was taken")
    } catch (e: CardReadException.InvalidInput) {
    }
    check(verification.enterCan(ID_CARD.can!!) == IdVerificationState.HoldCard) { "not holding" }
    val transport = KotlinTransport(simulatedCard(profile))
    var state = verification.readCard(transport, null)
    check(state == IdVerificationState.ReadyToSend) { "after the read $state" }
    state = verification.sendEvidence()
    if (chipPresence == "chip_authentication") {
        check(state == IdVerificationState.ProveChipPresence) { "no relay: $state" }
        val before = transport.commands.get()
        check(verification.readCard(transport, null) == IdVerificationState.ReadyToSend) { "relay" }
        check(transport.commands.get() > before) { "the relay sent nothing through Kotlin" }
        state = verification.sendEvidence()
    }
    check(state is IdVerificationState.EnterSmsCode && state.chipPresence == chipPresence) { "sent: $state" }
    check(verification.confirmPhone(ask("sms")) == IdVerificationState.PhoneVerified) { "not verified" }
}

fun theIdCardVerifiesThePhoneFromKotlin() = verifyPhoneWith("td1-id", "active_authentication")

fun aCardWithoutActiveAuthenticationIsProvenThroughKotlin() =
    verifyPhoneWith("td1-id-ca-only", "chip_authentication")
