// Concern: one ID verification for its screen: opening it (for this phone's number, to move an
// account here, or from a website's code), the card held to the phone, the evidence sent as soon
// as the core is ready for it, and the SMS code that completes it.
package eu.egate.app.ui.idverify

import android.nfc.tech.IsoDep
import android.os.Build
import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import eu.egate.app.platform.IsoDepTransport
import eu.egate.app.platform.TagIsoDepChannel
import eu.egate.app.state.AccountKey
import eu.egate.app.state.CardCredentials
import eu.egate.app.state.IdVerificationFlow
import eu.egate.app.state.Problem
import eu.egate.app.state.ProblemReport
import eu.egate.app.state.Work
import eu.egate.app.system.AppGraph
import eu.egate.app.ui.Routes
import eu.egate.core.CardTransport
import eu.egate.core.IdVerification
import eu.egate.core.IdVerificationState
import eu.egate.core.SimulatedProfile
import eu.egate.core.TransportFailure
import eu.egate.core.simulatedCard
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch

class IdVerificationViewModel(
    private val graph: AppGraph,
    private val purpose: Routes.Purpose,
    account: AccountKey?,
    link: String?,
) : ViewModel() {
    private val _verification = MutableStateFlow<IdVerificationFlow?>(null)
    private val _deviceAdded = MutableStateFlow(false)
    private var transport: IsoDepTransport? = null
    private var transportTag: IsoDep? = null

    @Volatile
    private var transferCitizenId: String? = null

    /** The last card held to the phone, possibly before the credentials were entered. */
    @Volatile
    private var heldCard: IsoDep? = null

    /** The verification, once opened. */
    val verification: StateFlow<IdVerificationFlow?> = _verification.asStateFlow()

    /** This phone became the account's device (moved here): pushes are to be set up. */
    val deviceAdded: StateFlow<Boolean> = _deviceAdded.asStateFlow()

    /** Opening the verification. */
    val opening = Work()

    /** The SMS code moves the account here rather than verifying the phone number. */
    val isTransfer: Boolean
        get() = purpose == Routes.Purpose.TRANSFER

    val suggestedDeviceName: String = listOf(Build.MANUFACTURER, Build.MODEL).distinct().joinToString(" ")

    init {
        when (purpose) {
            Routes.Purpose.PHONE -> viewModelScope.launch {
                val device = account?.let { key -> opening.run { graph.registrations.device(key) } }
                if (device == null) {
                    if (opening.problem.value == null) opening.report(ProblemReport(Problem.DEVICE_NOT_REGISTERED))
                    return@launch
                }
                open { device.startPhoneVerification() }
            }
            Routes.Purpose.LINK ->
                if (link != null) open { link } else opening.report(ProblemReport(Problem.INVALID_INPUT))
            Routes.Purpose.TRANSFER -> Unit
        }
    }

    /** Moving an account here starts with its citizen id and password (the old phone may be lost). */
    fun startTransfer(citizenId: String, password: String) {
        transferCitizenId = citizenId
        open {
            graph.loginSession().use { it.startTransfer(citizenId, password) }
        }
    }

    /** The credentials; a card already held to the phone is read right away. */
    fun enter(credentials: CardCredentials) {
        val flow = _verification.value ?: return
        flow.enter(credentials)
        heldCard?.let { tag -> if (flow.state.value == IdVerificationState.HoldCard) read(tag) }
    }

    /** A card was held to the phone (called on a binder thread). */
    fun cardPresented(tag: IsoDep) {
        heldCard = tag
        val state = _verification.value?.state?.value
        if (state == IdVerificationState.HoldCard || state == IdVerificationState.ProveChipPresence) read(tag)
    }

    /** Debug builds against the reference gateway: the core's simulated card instead of NFC. */
    fun useSimulatedCard(profile: SimulatedProfile) {
        val flow = _verification.value ?: return
        val credentials = profile.can?.let { CardCredentials.Can(it) }
            ?: CardCredentials.Mrz(profile.documentNumber, profile.dateOfBirth, profile.dateOfExpiry)
        flow.enter(credentials)
        viewModelScope.launch(Dispatchers.Default) { readAndSend(simulatedCard(profile.name)) }
    }

    /** Sends the evidence again after a failed attempt. */
    fun send() {
        val flow = _verification.value ?: return
        viewModelScope.launch { flow.sendEvidence() }
    }

    fun confirmPhone(code: String) {
        val flow = _verification.value ?: return
        viewModelScope.launch { flow.confirmPhone(code) }
    }

    fun confirmTransfer(code: String, deviceName: String) {
        val flow = _verification.value ?: return
        val citizenId = transferCitizenId ?: return
        viewModelScope.launch {
            flow.confirmTransfer(code, citizenId, deviceName)?.let { device ->
                graph.registrations.adopt(device)
                _deviceAdded.value = true
            }
        }
    }

    @Synchronized
    override fun onCleared() {
        _verification.value?.cancel()
        transport?.close()
    }

    private fun read(tag: IsoDep) {
        viewModelScope.launch(Dispatchers.IO) {
            transportFor(tag)?.let { readAndSend(it) }
        }
    }

    /** The connection to [tag]: the open one when it is the same card, else a new one. */
    @Synchronized
    private fun transportFor(tag: IsoDep): IsoDepTransport? {
        transport?.let { if (transportTag === tag) return it else it.close() }
        return try {
            IsoDepTransport.open(TagIsoDepChannel(tag)).also {
                transport = it
                transportTag = tag
            }
        } catch (e: TransportFailure) {
            null
        }
    }

    /**
     * Reads the card, then sends the evidence; when the gateway asks the chip to prove its
     * presence, relays that over the same connection and sends again.
     */
    private suspend fun readAndSend(card: CardTransport) {
        val flow = _verification.value ?: return
        flow.readCard(card)
        if (flow.state.value != IdVerificationState.ReadyToSend) return
        flow.sendEvidence()
        if (flow.state.value != IdVerificationState.ProveChipPresence) return
        flow.readCard(card)
        if (flow.state.value != IdVerificationState.ReadyToSend) return
        flow.sendEvidence()
    }

    private fun open(link: suspend () -> String) {
        viewModelScope.launch {
            opening.run {
                IdVerification.open(link(), listOf(graph.gateway), graph.dataDir, graph.keys, graph.http)
            }?.let { _verification.value = IdVerificationFlow(it) }
        }
    }
}
