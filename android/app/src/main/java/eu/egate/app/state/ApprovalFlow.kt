// Concern: one login approval on a registered device as state for the approval screen: the
// core's ApprovalState after each step, whether a step runs, and the last step's problem.
package eu.egate.app.state

import eu.egate.core.ApprovalState
import eu.egate.core.RegisteredDeviceInterface
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/**
 * The core decides every transition; a failed step (offline, the prompt dismissed) leaves the
 * state as it was, with [work]'s problem saying why.
 */
class ApprovalFlow(private val device: RegisteredDeviceInterface) {
    private val _state = MutableStateFlow<ApprovalState>(ApprovalState.Idle)

    val state: StateFlow<ApprovalState> = _state.asStateFlow()
    val work = Work()

    /** Opens the approval a push or the pending list named. */
    suspend fun open(id: String) = step { device.openApproval(id) }

    /** Opens the login of a scanned QR code. */
    suspend fun openScanned(text: String) = step { device.openScanned(text) }

    /** Approves with the code the browser shows (a biometric prompt signs it). */
    suspend fun approve(code: String) = step { device.approve(code) }

    /** Approves a scanned login, which has no code to type. */
    suspend fun approveScanned() = step { device.approveScanned() }

    suspend fun deny() = step { device.deny() }

    /** "This wasn't me". */
    suspend fun report() = step { device.report() }

    /** Ends the running network call at once. */
    fun cancel() = device.cancel()

    private suspend fun step(call: suspend () -> ApprovalState) {
        work.run(call)?.let { _state.value = it }
    }
}
