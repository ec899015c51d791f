// Concern: one ID verification (the phone number proven, or the account moved to this phone) as
// state for its screen: the core's IdVerificationState, the card read's progress and lost card,
// whether a step runs and the last step's problem.
package eu.egate.app.state

import eu.egate.core.CardReadException
import eu.egate.core.CardTransport
import eu.egate.core.IdVerificationInterface
import eu.egate.core.IdVerificationState
import eu.egate.core.ReadListener
import eu.egate.core.ReadUpdate
import eu.egate.core.RegisteredDevice
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update

class IdVerificationFlow(private val verification: IdVerificationInterface) {
    private val _state = MutableStateFlow(verification.state())
    private val _progress = MutableStateFlow<ReadProgress?>(null)
    private val _cardLost = MutableStateFlow(false)

    val state: StateFlow<IdVerificationState> = _state.asStateFlow()

    /** The running card read's progress; null while no read runs. */
    val progress: StateFlow<ReadProgress?> = _progress.asStateFlow()

    /** The card left the field: hold it again, the read continues. */
    val cardLost: StateFlow<Boolean> = _cardLost.asStateFlow()

    val work = Work()

    private val listener = object : ReadListener {
        override fun onUpdate(update: ReadUpdate) {
            _progress.update { it?.after(update) }
        }
    }

    fun enterCan(can: String) = applyEntry { verification.enterCan(can) }

    /** Dates as YYMMDD. */
    fun enterMrz(documentNumber: String, dateOfBirth: String, dateOfExpiry: String) =
        applyEntry { verification.enterMrz(documentNumber, dateOfBirth, dateOfExpiry) }

    fun enter(credentials: CardCredentials) = when (credentials) {
        is CardCredentials.Can -> enterCan(credentials.can)
        is CardCredentials.Mrz -> enterMrz(credentials.documentNumber, credentials.dateOfBirth, credentials.dateOfExpiry)
    }

    /** Reads the card (or relays the gateway's Chip Authentication) over a card just presented. */
    suspend fun readCard(transport: CardTransport) {
        val next = work.run {
            _progress.value = ReadProgress.START
            _cardLost.value = false
            try {
                verification.readCard(transport, listener)
            } catch (e: CardReadException.CardLost) {
                _cardLost.value = true
                null
            } finally {
                _progress.value = null
            }
        }
        _state.value = next ?: verification.state()
    }

    suspend fun sendEvidence() = step { verification.sendEvidence() }

    suspend fun confirmPhone(code: String) = step { verification.confirmPhone(code) }

    /** Moves the account here; answers this phone's new registration. */
    suspend fun confirmTransfer(code: String, citizenId: String, deviceName: String): RegisteredDevice? =
        work.run { verification.confirmTransfer(code, citizenId, deviceName) }.also { _state.value = verification.state() }

    /** Stops a card read before its next exchange, or the running network call at once. */
    fun cancel() = verification.cancel()

    private fun applyEntry(call: () -> IdVerificationState) {
        work.dismissProblem()
        try {
            _state.value = call()
        } catch (e: CardReadException) {
            work.report(problemOf(e))
        }
    }

    private suspend fun step(call: suspend () -> IdVerificationState) {
        _state.value = work.run(call) ?: verification.state()
    }
}
