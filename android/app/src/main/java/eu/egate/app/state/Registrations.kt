// Concern: this phone's registrations (one per account) for the home screen, and the one open
// RegisteredDevice of each, shared by every screen and the push services.
package eu.egate.app.state

import eu.egate.core.DeviceSummary
import eu.egate.core.HttpTransport
import eu.egate.core.KeyStore
import eu.egate.core.RegisteredDevice
import eu.egate.core.registeredDevices
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withContext

/** Names one registration across screens (navigation arguments carry it). */
data class AccountKey(val gateway: String, val citizenId: String)

val DeviceSummary.key: AccountKey
    get() = AccountKey(gateway, citizenId)

class Registrations(
    private val dataDir: String,
    private val keys: KeyStore,
    private val http: HttpTransport,
    private val io: CoroutineDispatcher,
) {
    private val lock = Mutex()
    private val opened = mutableMapOf<AccountKey, RegisteredDevice>()
    private val _summaries = MutableStateFlow<List<DeviceSummary>>(emptyList())

    val summaries: StateFlow<List<DeviceSummary>> = _summaries.asStateFlow()

    /** Reads the registrations kept in the data directory. */
    suspend fun refresh(): List<DeviceSummary> =
        withContext(io) { registeredDevices(dataDir) }.also { _summaries.value = it }

    /** The open device of [key], opened on first use; null when no such registration exists. */
    suspend fun device(key: AccountKey): RegisteredDevice? = lock.withLock {
        opened[key] ?: run {
            if (summaries.value.none { it.key == key }) refresh()
            if (summaries.value.none { it.key == key }) return@withLock null
            RegisteredDevice.open(key.gateway, key.citizenId, dataDir, keys, http).also { opened[key] = it }
        }
    }

    /** Every registration with its open device. */
    suspend fun all(): List<Pair<DeviceSummary, RegisteredDevice>> =
        refresh().mapNotNull { summary -> device(summary.key)?.let { summary to it } }

    /** The account whose registration here is device [deviceId] (a push names its device). */
    suspend fun accountOfDevice(deviceId: String): AccountKey? {
        summaries.value.firstOrNull { it.deviceId == deviceId }?.let { return it.key }
        return refresh().firstOrNull { it.deviceId == deviceId }?.key
    }

    /** Takes over a device just registered or moved here. */
    suspend fun adopt(device: RegisteredDevice) {
        val summary = device.summary()
        lock.withLock { opened.put(summary.key, device)?.takeIf { it !== device }?.close() }
        refresh()
    }

    /** Closes and forgets [key]'s device after this phone was removed from the account. */
    suspend fun forget(key: AccountKey) {
        lock.withLock { opened.remove(key)?.close() }
        refresh()
    }
}
