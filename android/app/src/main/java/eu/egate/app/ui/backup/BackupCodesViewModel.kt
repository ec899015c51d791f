// Concern: the account's backup codes: how many are left, a new set (held in memory only, to be
// shown once), and deleting them.
package eu.egate.app.ui.backup

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import eu.egate.app.state.AccountKey
import eu.egate.app.state.Registrations
import eu.egate.app.state.Work
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch

class BackupCodesViewModel(private val registrations: Registrations, private val account: AccountKey) : ViewModel() {
    private val _remaining = MutableStateFlow<Long?>(null)
    private val _codes = MutableStateFlow<List<String>>(emptyList())

    val remaining: StateFlow<Long?> = _remaining.asStateFlow()

    /** The set just made; gone with this screen. */
    val codes: StateFlow<List<String>> = _codes.asStateFlow()
    val work = Work()

    init {
        viewModelScope.launch { loadRemaining() }
    }

    fun makeNew() {
        viewModelScope.launch {
            work.run { registrations.device(account)?.newBackupCodes() }?.let { _codes.value = it }
            loadRemaining()
        }
    }

    fun delete() {
        viewModelScope.launch {
            work.run { registrations.device(account)?.deleteBackupCodes() }
            _codes.value = emptyList()
            loadRemaining()
        }
    }

    private suspend fun loadRemaining() {
        work.run { registrations.device(account)?.backupCodesRemaining() }?.let { _remaining.value = it }
    }
}
