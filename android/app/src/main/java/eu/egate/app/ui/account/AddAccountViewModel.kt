// Concern: adding this phone to an account: a password login (with its second factor), then the
// registration, whose two keys the Android Keystore creates.
package eu.egate.app.ui.account

import android.os.Build
import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import eu.egate.app.state.LoginFlow
import eu.egate.app.state.Registrations
import eu.egate.app.state.Work
import eu.egate.core.LoginSession
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch

class AddAccountViewModel(private val session: LoginSession, private val registrations: Registrations) : ViewModel() {
    private val _registered = MutableStateFlow(false)

    val login = LoginFlow(session)
    val registration = Work()
    val registered: StateFlow<Boolean> = _registered.asStateFlow()

    /** The name other devices and the account page show for this phone, until renamed. */
    val suggestedName: String = listOf(Build.MANUFACTURER, Build.MODEL).distinct().joinToString(" ")

    fun perform(step: suspend LoginFlow.() -> Unit) {
        viewModelScope.launch { login.step() }
    }

    fun register(deviceName: String) {
        viewModelScope.launch {
            registration.run { session.registerDevice(deviceName) }?.let { device ->
                registrations.adopt(device)
                _registered.value = true
            }
        }
    }

    override fun onCleared() {
        session.cancel()
        session.close()
    }
}
