// Concern: a CardReadFlow driving the core's simulated ID card (td1-id) through a Kotlin
// transport: the whole read with its progress, a lost card read on, cancelling, wrong
// credentials, and the read's progress folded to its end.
package eu.egate.app.state

import eu.egate.core.CardReader
import eu.egate.core.CardTransport
import eu.egate.core.ReadListener
import eu.egate.core.ReadUpdate
import eu.egate.core.TransportFailure
import eu.egate.core.simulatedCard
import eu.egate.core.simulatedProfiles
import eu.egate.core.simulatedTrustAnchors
import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import java.util.Collections
import java.util.concurrent.atomic.AtomicInteger

class CardReadFlowTest {
    private val idCard = simulatedProfiles().first { it.name == "td1-id" }
    private val trust = simulatedTrustAnchors()

    /** The simulated card behind a Kotlin transport, as the IsoDep one is; [before] runs ahead of each exchange. */
    private open class Card(private val card: CardTransport = simulatedCard("td1-id")) : CardTransport {
        val exchanges = AtomicInteger()
        var before: (Int) -> Unit = {}

        override fun transceive(command: ByteArray): ByteArray {
            before(exchanges.incrementAndGet())
            return card.transceive(command)
        }

        override fun maxTransceiveLength(): UInt = card.maxTransceiveLength()
        override fun extendedLength(): Boolean = card.extendedLength()
        override fun historicalBytes(): ByteArray? = card.historicalBytes()
    }

    private fun readerWithCan() = CardReader.withCan(idCard.can!!, trust)

    @Test
    fun aFullReadEndsWithTheDocumentAfterReadingStatesThroughThePhoto() = runBlocking<Unit> {
        val flow = CardReadFlow(readerWithCan())
        val seen = Collections.synchronizedList(mutableListOf<CardReadState>())
        val card = Card().apply { before = { seen += flow.state.value } }
        flow.read(card)

        val done = flow.state.value as CardReadState.Done
        assertEquals("YILDIZ", done.document.primaryName)
        assertEquals("valid", done.document.authenticity.passive)
        assertEquals("valid", done.document.authenticity.chip)
        assertEquals(card.exchanges.get().toULong(), done.document.apdus)
        assertTrue(seen.all { it is CardReadState.Reading })
        val phases = seen.map { (it as CardReadState.Reading).progress.phase }
        assertTrue(ReadPhase.UNLOCKING in phases)
        assertTrue(ReadPhase.READING_DATA in phases)
        assertTrue(ReadPhase.READING_PHOTO in phases)
        assertTrue(phases.indexOf(ReadPhase.UNLOCKING) < phases.indexOf(ReadPhase.READING_PHOTO))
    }

    @Test
    fun theProgressOfARealReadReachesTheEndOfThePhoto() = runBlocking<Unit> {
        val updates = Collections.synchronizedList(mutableListOf<ReadUpdate>())
        val listener = object : ReadListener {
            override fun onUpdate(update: ReadUpdate) {
                updates += update
            }
        }
        readerWithCan().read(simulatedCard("td1-id"), listener)
        val photoFinished = updates.indexOfFirst { it.kind == "finished" && it.phase == "DG2" }
        assertTrue(photoFinished >= 0)
        val atPhoto = updates.take(photoFinished + 1).fold(ReadProgress.START) { current, update -> current.after(update) }
        assertEquals(ReadPhase.READING_PHOTO, atPhoto.phase)
        assertEquals(1f, atPhoto.fraction)
        val photoBytes = updates.filter { it.kind == "bytes" && it.phase == "DG2" }
        assertTrue(photoBytes.isNotEmpty())
        assertTrue(photoBytes.zipWithNext().all { (a, b) -> a.bytesDone <= b.bytesDone })
        val end = updates.fold(ReadProgress.START) { current, update -> current.after(update) }
        assertTrue(end.phaseFinished)
    }

    @Test
    fun aLostCardIsHeldAgainAndTheReadContinues() = runBlocking<Unit> {
        val flow = CardReadFlow(readerWithCan())
        val losing = Card().apply { before = { if (it == 40) throw TransportFailure.TagLost() } }
        flow.read(losing)
        val lost = flow.state.value as CardReadState.CardLost
        assertTrue(lost.progress.phase != ReadPhase.CONNECTING)

        val again = Card()
        flow.read(again)
        val done = flow.state.value as CardReadState.Done
        assertEquals("YILDIZ", done.document.primaryName)
        assertTrue(again.exchanges.get().toULong() < done.document.apdus)
    }

    @Test
    fun cancellingDuringTheReadEndsItCancelled() = runBlocking<Unit> {
        val flow = CardReadFlow(readerWithCan())
        val card = Card().apply { before = { if (it == 10) flow.cancel() } }
        flow.read(card)
        assertEquals(CardReadState.Cancelled, flow.state.value)
        assertTrue(card.exchanges.get() <= 12)
    }

    @Test
    fun cancellingBeforeACardIsHeldEndsItCancelled() {
        val flow = CardReadFlow(readerWithCan())
        flow.cancel()
        assertEquals(CardReadState.Cancelled, flow.state.value)
    }

    @Test
    fun aWrongCardAccessNumberFailsWithWrongCredentials() = runBlocking<Unit> {
        val flow = CardReadFlow(CardReader.withCan("000000", trust))
        flow.read(Card())
        assertEquals(CardReadState.Failed(Problem.WRONG_CARD_CREDENTIALS), flow.state.value)
    }

    @Test
    fun aCardHeldAfterTheEndIsIgnored() = runBlocking<Unit> {
        val flow = CardReadFlow(readerWithCan())
        flow.read(Card())
        val late = Card()
        flow.read(late)
        assertEquals(0, late.exchanges.get())
        assertTrue(flow.state.value is CardReadState.Done)
    }
}
