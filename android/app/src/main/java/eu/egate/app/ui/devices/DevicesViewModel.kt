// Concern: the account's devices and this phone's keys and pushes: rename or remove a device,
// renew this phone's keys, and how recent pushes went.
package eu.egate.app.ui.devices

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import eu.egate.app.state.AccountKey
import eu.egate.app.state.Registrations
import eu.egate.app.state.Work
import eu.egate.core.AccountDevice
import eu.egate.core.PushStatus
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch

class DevicesViewModel(private val registrations: Registrations, private val account: AccountKey) : ViewModel() {
    private val _devices = MutableStateFlow<List<AccountDevice>>(emptyList())
    private val _push = MutableStateFlow<PushStatus?>(null)
    private val _keysRenewed = MutableStateFlow(false)
    private val _thisPhoneRemoved = MutableStateFlow(false)

    val devices: StateFlow<List<AccountDevice>> = _devices.asStateFlow()
    val push: StateFlow<PushStatus?> = _push.asStateFlow()
    val keysRenewed: StateFlow<Boolean> = _keysRenewed.asStateFlow()
    val thisPhoneRemoved: StateFlow<Boolean> = _thisPhoneRemoved.asStateFlow()
    val work = Work()

    init {
        viewModelScope.launch { load() }
    }

    fun rename(device: AccountDevice, name: String) {
        viewModelScope.launch {
            work.run { registrations.device(account)?.renameDevice(device.id, name) }
            load()
        }
    }

    fun remove(device: AccountDevice) {
        viewModelScope.launch {
            val removed = work.run { registrations.device(account)?.removeDevice(device.id) } != null
            if (removed && device.thisDevice) {
                registrations.forget(account)
                _thisPhoneRemoved.value = true
            } else {
                load()
            }
        }
    }

    /** New keys for this phone, behind a biometric prompt; the old ones are deleted. */
    fun renewKeys() {
        viewModelScope.launch {
            _keysRenewed.value = work.run { registrations.device(account)?.rotateKeys() } != null
        }
    }

    private suspend fun load() {
        val device = work.run { registrations.device(account) } ?: return
        work.run { device.devices() }?.let { _devices.value = it }
        work.run { device.pushStatus() }?.let { _push.value = it }
    }
}
