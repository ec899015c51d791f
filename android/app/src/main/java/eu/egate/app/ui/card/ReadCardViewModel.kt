// Concern: one document read for its screen: the credentials, then the card held to the phone
// (or, in demo mode, the core's simulated card), over a CardReadFlow.
package eu.egate.app.ui.card

import android.nfc.tech.IsoDep
import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import eu.egate.app.platform.IsoDepTransport
import eu.egate.app.platform.TagIsoDepChannel
import eu.egate.app.state.CardCredentials
import eu.egate.app.state.CardReadFlow
import eu.egate.app.state.Work
import eu.egate.app.state.problemOf
import eu.egate.core.CardReadException
import eu.egate.core.SimulatedProfile
import eu.egate.core.TransportFailure
import eu.egate.core.simulatedCard
import eu.egate.core.simulatedTrustAnchors
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch

/** With [simulated], the read uses the core's simulated card and its test trust anchors. */
class ReadCardViewModel(private val simulated: SimulatedProfile?) : ViewModel() {
    private val _read = MutableStateFlow<CardReadFlow?>(null)

    /** The read, once the credentials opened a reader. */
    val read: StateFlow<CardReadFlow?> = _read.asStateFlow()
    val work = Work()

    init {
        simulated?.let(::readSimulated)
    }

    /** A real card: without trust anchors the document's signature is reported as not checked. */
    fun submit(credentials: CardCredentials) {
        start(credentials, emptyList())
    }

    /** A card was held to the phone (called on a binder thread). */
    fun cardPresented(tag: IsoDep) {
        val flow = _read.value ?: return
        viewModelScope.launch(Dispatchers.IO) {
            val transport = try {
                IsoDepTransport.open(TagIsoDepChannel(tag))
            } catch (e: TransportFailure) {
                return@launch
            }
            try {
                flow.read(transport)
            } finally {
                transport.close()
            }
        }
    }

    /** Another attempt: back to the credentials, or the simulated card read again. */
    fun restart() {
        _read.value?.cancel()
        _read.value = null
        simulated?.let(::readSimulated)
    }

    override fun onCleared() {
        _read.value?.cancel()
    }

    private fun readSimulated(profile: SimulatedProfile) {
        val credentials = profile.can?.let { CardCredentials.Can(it) }
            ?: CardCredentials.Mrz(profile.documentNumber, profile.dateOfBirth, profile.dateOfExpiry)
        viewModelScope.launch(Dispatchers.Default) {
            start(credentials, simulatedTrustAnchors())?.read(simulatedCard(profile.name))
        }
    }

    private fun start(credentials: CardCredentials, trustAnchors: List<ByteArray>): CardReadFlow? = try {
        work.dismissProblem()
        CardReadFlow(credentials.reader(trustAnchors)).also { _read.value = it }
    } catch (e: CardReadException) {
        work.report(problemOf(e))
        null
    }
}
