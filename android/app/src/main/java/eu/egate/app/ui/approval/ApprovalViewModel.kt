// Concern: the approval screen's data: the account's device found (a push names only the
// approval), the approval opened, and the user's decision passed on to an ApprovalFlow.
package eu.egate.app.ui.approval

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import eu.egate.app.state.AccountKey
import eu.egate.app.state.ApprovalFlow
import eu.egate.app.state.PendingLogins
import eu.egate.app.state.Problem
import eu.egate.app.state.ProblemReport
import eu.egate.app.state.Registrations
import eu.egate.app.state.Work
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch

class ApprovalViewModel(
    private val registrations: Registrations,
    private val pendingLogins: PendingLogins,
    account: AccountKey?,
    approvalId: String?,
    scannedText: String?,
) : ViewModel() {
    private val _approval = MutableStateFlow<ApprovalFlow?>(null)

    /** The approval, once its account's device is open. */
    val approval: StateFlow<ApprovalFlow?> = _approval.asStateFlow()

    /** Finding the device. */
    val work = Work()

    init {
        viewModelScope.launch {
            val device = account?.let { work.run { registrations.device(it) } }
            if (device == null) {
                if (work.problem.value == null) work.report(ProblemReport(Problem.LOGIN_GONE))
                return@launch
            }
            val flow = ApprovalFlow(device).also { _approval.value = it }
            when {
                scannedText != null -> flow.openScanned(scannedText)
                approvalId != null -> flow.open(approvalId)
            }
        }
    }

    fun approve(code: String) = decide { it.approve(code) }

    fun approveScanned() = decide { it.approveScanned() }

    fun deny() = decide { it.deny() }

    fun report() = decide { it.report() }

    /** Leaving the screen ends the decision still on its way (the approval stays open). */
    override fun onCleared() {
        _approval.value?.takeIf { it.work.busy.value }?.cancel()
    }

    private fun decide(step: suspend (ApprovalFlow) -> Unit) {
        val flow = _approval.value ?: return
        viewModelScope.launch {
            step(flow)
            pendingLogins.refresh()
        }
    }
}
