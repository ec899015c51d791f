// Concern: one document read as the state a "hold your card" screen renders: waiting for the
// card, reading with progress, card lost (hold it again: the read continues), done, failed or
// cancelled.
package eu.egate.app.state

import eu.egate.core.CardReadException
import eu.egate.core.CardReaderInterface
import eu.egate.core.CardTransport
import eu.egate.core.Document
import eu.egate.core.ReadListener
import eu.egate.core.ReadUpdate
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import java.util.concurrent.atomic.AtomicBoolean

sealed interface CardReadState {
    data object WaitingForCard : CardReadState
    data class Reading(val progress: ReadProgress) : CardReadState
    data class CardLost(val progress: ReadProgress) : CardReadState
    data class Done(val document: Document) : CardReadState
    data class Failed(val problem: Problem) : CardReadState
    data object Cancelled : CardReadState
}

class CardReadFlow(private val reader: CardReaderInterface) {
    private val _state = MutableStateFlow<CardReadState>(CardReadState.WaitingForCard)
    private val reading = AtomicBoolean(false)

    val state: StateFlow<CardReadState> = _state.asStateFlow()

    private val listener = object : ReadListener {
        override fun onUpdate(update: ReadUpdate) {
            _state.update { current ->
                if (current is CardReadState.Reading) CardReadState.Reading(current.progress.after(update)) else current
            }
        }
    }

    /**
     * Reads over [transport] (a card just presented); after a lost card the read continues where
     * it stopped. A card presented while a read runs, or after the end, is ignored.
     */
    suspend fun read(transport: CardTransport) {
        val current = _state.value
        if (current is CardReadState.Done || current is CardReadState.Failed || current is CardReadState.Cancelled) return
        if (!reading.compareAndSet(false, true)) return
        val progress = (current as? CardReadState.CardLost)?.progress ?: ReadProgress.START
        _state.value = CardReadState.Reading(progress)
        try {
            val document = reader.read(transport, listener)
            _state.value = CardReadState.Done(document)
        } catch (e: CardReadException.CardLost) {
            _state.update { CardReadState.CardLost((it as? CardReadState.Reading)?.progress ?: progress) }
        } catch (e: CardReadException.Cancelled) {
            _state.value = CardReadState.Cancelled
        } catch (e: CardReadException) {
            _state.value = CardReadState.Failed(problemOf(e).problem)
        } finally {
            reading.set(false)
        }
    }

    /** Stops the read before its next exchange. */
    fun cancel() {
        reader.cancel()
        if (!reading.get()) _state.value = CardReadState.Cancelled
    }
}
