// Concern: the home screen's data: this phone's registrations and the logins waiting for it.
package eu.egate.app.ui.home

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import eu.egate.app.state.PendingLogin
import eu.egate.app.state.PendingLogins
import eu.egate.app.state.Registrations
import eu.egate.app.state.Work
import eu.egate.core.DeviceSummary
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.launch

class HomeViewModel(private val registrations: Registrations, pendingLogins: PendingLogins) : ViewModel() {
    val accounts: StateFlow<List<DeviceSummary>> = registrations.summaries
    val pending: StateFlow<List<PendingLogin>> = pendingLogins.logins
    val work = Work()

    init {
        viewModelScope.launch { work.run { registrations.refresh() } }
    }
}
