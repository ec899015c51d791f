// Concern: the logins waiting for this phone's approval across its accounts: the pull on start
// and resume that catches what a push missed.
package eu.egate.app.state

import eu.egate.core.PendingApproval
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

data class PendingLogin(val account: AccountKey, val approval: PendingApproval)

class PendingLogins(private val registrations: Registrations) {
    private val _logins = MutableStateFlow<List<PendingLogin>>(emptyList())

    val logins: StateFlow<List<PendingLogin>> = _logins.asStateFlow()
    val work = Work()

    suspend fun refresh() {
        work.run {
            registrations.all().flatMap { (summary, device) ->
                device.pendingApprovals().map { PendingLogin(summary.key, it) }
            }
        }?.let { _logins.value = it }
    }
}
