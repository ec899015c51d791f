// Concern: the account's settings behind a fresh login: two-factor login, the password, the
// phone number's state and the security notices.
package eu.egate.app.ui.settings

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import eu.egate.app.state.LoginFlow
import eu.egate.app.state.Registrations
import eu.egate.app.state.Work
import eu.egate.core.AccountNotice
import eu.egate.core.AccountOverview
import eu.egate.core.LoginSession
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch

class AccountSettingsViewModel(private val session: LoginSession, private val registrations: Registrations) : ViewModel() {
    private val _overview = MutableStateFlow<AccountOverview?>(null)
    private val _notices = MutableStateFlow<List<AccountNotice>>(emptyList())
    private val _passwordChanged = MutableStateFlow(false)

    val login = LoginFlow(session)
    val overview: StateFlow<AccountOverview?> = _overview.asStateFlow()
    val notices: StateFlow<List<AccountNotice>> = _notices.asStateFlow()
    val passwordChanged: StateFlow<Boolean> = _passwordChanged.asStateFlow()
    val work = Work()

    fun perform(step: suspend LoginFlow.() -> Unit) {
        viewModelScope.launch { login.step() }
    }

    fun load() {
        viewModelScope.launch { reload() }
    }

    /** Turning it off removes every registered device, this phone too. */
    fun setTwoFactor(enabled: Boolean) {
        viewModelScope.launch {
            val change = work.run { session.setTwoFactor(enabled) } ?: return@launch
            if (change.devicesRemoved > 0u) registrations.refresh()
            reload()
        }
    }

    fun changePassword(current: String, new: String) {
        viewModelScope.launch {
            _passwordChanged.value = work.run { session.changePassword(current, new) } != null
        }
    }

    override fun onCleared() {
        session.cancel()
        session.close()
    }

    private suspend fun reload() {
        work.run { session.account() }?.let { _overview.value = it }
        work.run { session.notifications() }?.let { _notices.value = it }
    }
}
