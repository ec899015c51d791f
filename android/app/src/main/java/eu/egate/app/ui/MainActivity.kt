// Concern: the app's one activity: edge-to-edge Compose content on a window that can be made
// secure and is never pictured in Recents, approvals opened from notifications, push
// registration on start.
package eu.egate.app.ui

import android.content.Intent
import android.os.Build
import android.os.Bundle
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.compose.runtime.CompositionLocalProvider
import androidx.fragment.app.FragmentActivity
import androidx.lifecycle.lifecycleScope
import eu.egate.app.system.graph
import eu.egate.app.system.push.LoginRequestAlert
import eu.egate.app.ui.common.LocalSecureWindow
import eu.egate.app.ui.common.SecureWindow
import eu.egate.app.ui.theme.EgateTheme
import eu.egate.core.GatewayFailure
import kotlinx.coroutines.launch

/** A FragmentActivity, because the biometric prompt needs one. */
class MainActivity : FragmentActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        enableEdgeToEdge()
        super.onCreate(savedInstanceState)
        // Every screen names the account (a citizen id): no thumbnail of it in Recents.
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) setRecentsScreenshotEnabled(false)
        val secureWindow = SecureWindow(window)
        if (savedInstanceState == null) {
            LoginRequestAlert.approvalOf(intent)?.let(graph.incomingApprovals::deliver)
            registerForPushes()
        }
        setContent {
            EgateTheme {
                CompositionLocalProvider(LocalSecureWindow provides secureWindow) {
                    EgateNavHost()
                }
            }
        }
    }

    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        LoginRequestAlert.approvalOf(intent)?.let(graph.incomingApprovals::deliver)
    }

    private fun registerForPushes() {
        lifecycleScope.launch {
            val registered = try {
                graph.registrations.refresh().isNotEmpty()
            } catch (e: GatewayFailure) {
                false
            }
            if (registered) graph.push.refresh(this@MainActivity)
        }
    }
}
