// The generated Kotlin bindings on the JVM: a Kotlin CardTransport carries every APDU of a full
// read of the simulated ID card (Kotlin → Rust → Kotlin), on Rust's worker thread (not the
// caller's); typed errors arrive as Kotlin exceptions, one of them thrown inside the Kotlin
// callback; a lost card is read on; a read is cancelled from Kotlin. `main` runs these and the
// other files' tests (camera frames and log, login flows, the account, ID verification, the
// move to a new phone) in order.

import eu.egate.core.*
import kotlinx.coroutines.runBlocking
import java.util.Collections
import java.util.concurrent.atomic.AtomicInteger

/** A Kotlin transport in front of a card, as the Android IsoDep adapter is. */
open class KotlinTransport(private val card: CardTransport) : CardTransport {
    val commands = AtomicInteger()
    val threads: MutableSet<String> = Collections.synchronizedSet(mutableSetOf())

    override fun transceive(command: ByteArray): ByteArray {
        commands.incrementAndGet()
        threads.add(Thread.currentThread().name)
        return card.transceive(command)
    }

    override fun maxTransceiveLength(): UInt = card.maxTransceiveLength()
    override fun extendedLength(): Boolean = card.extendedLength()
    override fun historicalBytes(): ByteArray? = card.historicalBytes()
}

/** Loses the tag (as Android's TagLostException does) at exchange [at]. */
class LosingTransport(card: CardTransport, private val at: Int) : KotlinTransport(card) {
    override fun transceive(command: ByteArray): ByteArray {
        if (commands.get() + 1 == at) {
            commands.incrementAndGet()
            throw TransportFailure.TagLost()
        }
        return super.transceive(command)
    }
}

/** Throws an exception the interface does not declare. */
class BrokenTransport(card: CardTransport) : KotlinTransport(card) {
    override fun transceive(command: ByteArray): ByteArray {
        if (commands.get() >= 3) throw IllegalStateException("NFC adapter switched off")
        return super.transceive(command)
    }
}

class Updates : ReadListener {
    val seen: MutableList<ReadUpdate> = Collections.synchronizedList(mutableListOf())
    override fun onUpdate(update: ReadUpdate) {
        seen.add(update)
    }
}

val ID_CARD = simulatedProfiles().first { it.name == "td1-id" }
val TRUST = simulatedTrustAnchors()

fun check(condition: Boolean, message: () -> String) {
    if (!condition) throw AssertionError(message())
}

fun aFullReadGoesThroughKotlin() = runBlocking {
    val transport = KotlinTransport(simulatedCard("td1-id"))
    val updates = Updates()
    val caller = Thread.currentThread().name
    val document = CardReader.withCan(ID_CARD.can!!, TRUST).read(transport, updates)
    check(document.primaryName == "YILDIZ") { "name ${document.primaryName}" }
    check(document.personalNumber == "10000000146") { "personal number ${document.personalNumber}" }
    check(document.dateOfBirth == "1990-03-15") { "birth ${document.dateOfBirth}" }
    check(document.authenticity.passive == "valid") { "passive ${document.authenticity}" }
    check(document.authenticity.chip == "valid") { "chip ${document.authenticity}" }
    check(document.accessControl == "PACE") { "access ${document.accessControl}" }
    check(document.face?.format == "png" && document.face!!.bytes.size > 1000) { "face ${document.face?.format}" }
    check(transport.commands.get().toULong() == document.apdus) {
        "Kotlin carried ${transport.commands.get()} of ${document.apdus} APDUs"
    }
    // JNA attaches the Rust worker to the JVM for each callback ("Thread-N"): never the caller.
    check(caller !in transport.threads && transport.threads.all { it.startsWith("Thread-") }) {
        "transceive ran on $caller's side: ${transport.threads}"
    }
    check(updates.seen.any { it.kind == "finished" && it.phase == "DG2" }) { "no DG2 update" }
}

fun typedErrorsArriveAsKotlinExceptions() = runBlocking {
    try {
        CardReader.withCan("12x", TRUST)
        throw AssertionError("a CAN with a letter was accepted")
    } catch (e: CardReadException.InvalidInput) {
    }
    try {
        CardReader.withCan("000000", TRUST).read(KotlinTransport(simulatedCard("td1-id")), null)
        throw AssertionError("a wrong CAN opened the card")
    } catch (e: CardReadException.WrongCredentials) {
    }
    try {
        CardReader.withCan(ID_CARD.can!!, TRUST).read(BrokenTransport(simulatedCard("td1-id")), null)
        throw AssertionError("the callback's exception was lost")
    } catch (e: CardReadException.CardLost) {
        check(e.reason.contains("NFC adapter switched off")) { "reason ${e.reason}" }
    }
}

fun aLostCardIsReadOnWhenPresentedAgain() = runBlocking {
    val reader = CardReader.withCan(ID_CARD.can!!, TRUST)
    val first = LosingTransport(simulatedCard("td1-id"), 40)
    try {
        reader.read(first, null)
        throw AssertionError("the tag loss was not reported")
    } catch (e: CardReadException.CardLost) {
    }
    val again = KotlinTransport(simulatedCard("td1-id"))
    val document = reader.read(again, null)
    check(document.authenticity.passive == "valid") { "after resume ${document.authenticity}" }
    check(again.commands.get() < document.apdus.toInt()) {
        "the second connection re-read everything (${again.commands.get()} of ${document.apdus})"
    }
}

fun aReadIsCancelledFromKotlin() = runBlocking {
    val reader = CardReader.withCan(ID_CARD.can!!, TRUST)
    val transport = object : KotlinTransport(simulatedCard("td1-id")) {
        override fun transceive(command: ByteArray): ByteArray {
            if (commands.get() == 10) reader.cancel()
            return super.transceive(command)
        }
    }
    try {
        reader.read(transport, null)
        throw AssertionError("the read was not cancelled")
    } catch (e: CardReadException.Cancelled) {
    }
    check(transport.commands.get() <= 12) { "${transport.commands.get()} APDUs after cancel" }
}

fun main() {
    val tests = listOf(
        "a full read goes through Kotlin" to ::aFullReadGoesThroughKotlin,
        "typed errors arrive as Kotlin exceptions" to ::typedErrorsArriveAsKotlinExceptions,
        "a lost card is read on when presented again" to ::aLostCardIsReadOnWhenPresentedAgain,
        "a read is cancelled from Kotlin" to ::aReadIsCancelledFromKotlin,
        "a QR code is found in a camera frame" to ::aQrCodeIsFoundInACameraFrame,
        "an MRZ is found in recognised camera text" to ::anMrzIsFoundInRecognisedCameraText,
        "the core's log reaches a Kotlin sink without personal data" to
            ::theCoresLogReachesAKotlinSinkWithoutPersonalData,
        "a Kotlin KeyStore signs a push approval and a QR login" to
            ::aKotlinKeyStoreSignsAPushApprovalAndAQrLogin,
        "a long pull is cancelled from Kotlin" to ::aLongPullIsCancelledFromKotlin,
        "the account is managed from Kotlin" to ::theAccountIsManagedFromKotlin,
        "pushes and key rotation from Kotlin" to ::pushesAndKeyRotationFromKotlin,
        "the ID card verifies the phone from Kotlin" to ::theIdCardVerifiesThePhoneFromKotlin,
        "a card without Active Authentication is proven through Kotlin" to
            ::aCardWithoutActiveAuthenticationIsProvenThroughKotlin,
        "the account moves to a new phone with the ID card" to
            ::theAccountMovesToANewPhoneWithTheIdCard,
        "the new phone approves a login that turns two-factor off" to
            ::theNewPhoneApprovesALoginThatTurnsTwoFactorOff,
    )
    var failed = 0
    for ((name, test) in tests) {
        try {
            test()
            println("test $name ... ok")
        } catch (e: Throwable) {
            failed++
            println("test $name ... FAILED: $e")
        }
    }
    println("kotlin: ${tests.size - failed} passed, $failed failed")
    if (failed > 0) kotlin.system.exitProcess(1)
}
