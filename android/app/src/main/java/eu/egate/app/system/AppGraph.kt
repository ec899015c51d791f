// Concern: the app's long-lived objects, made once per process: the core's ports (HTTP, key
// store), the registrations, push plumbing and NFC.
package eu.egate.app.system

import android.app.Application
import android.content.Context
import eu.egate.app.BuildConfig
import eu.egate.app.http.OkHttpTransport
import eu.egate.app.platform.AndroidKeystoreAdapter
import eu.egate.app.platform.AndroidKeystoreBackend
import eu.egate.app.platform.NfcReaderMode
import eu.egate.app.state.IncomingApprovals
import eu.egate.app.state.PendingLogins
import eu.egate.app.state.Registrations
import eu.egate.app.system.push.LoginRequestAlert
import eu.egate.app.system.push.PushRegistrar
import eu.egate.core.HttpTransport
import eu.egate.core.KeyStore
import eu.egate.core.LoginSession
import eu.egate.core.demoKeyStore
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import java.io.File

class AppGraph(app: Application) {
    /** The gateway this build talks to. */
    val gateway: String = BuildConfig.GATEWAY

    /** Registrations and the local store: never backed up, never moved to another phone. */
    val dataDir: String = File(app.noBackupFilesDir, "egate").apply { mkdirs() }.absolutePath

    /** Work that outlives a screen (push registration). */
    val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    val resumedActivity = ResumedActivity()

    val http: HttpTransport = OkHttpTransport()

    val keys: KeyStore =
        if (BuildConfig.DEMO_KEYS) {
            demoKeyStore()
        } else {
            AndroidKeystoreAdapter(AndroidKeystoreBackend(), BiometricUserVerifier(app, resumedActivity))
        }

    val registrations = Registrations(dataDir, keys, http, Dispatchers.IO)

    val pendingLogins = PendingLogins(registrations)

    val incomingApprovals = IncomingApprovals()

    val loginRequests = LoginRequestAlert(app, incomingApprovals)

    val push = PushRegistrar(app, registrations, scope)

    val nfc: NfcReaderMode = NfcReaderMode.of(app)

    /** A login with [gateway]: this build's, or the one an account was registered with. */
    fun loginSession(gateway: String = this.gateway): LoginSession = LoginSession(gateway, dataDir, keys, http)
}

/** The graph of the process [this] context belongs to. */
val Context.graph: AppGraph
    get() = (applicationContext as EgateApp).graph
