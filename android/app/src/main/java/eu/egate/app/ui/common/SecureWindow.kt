// Concern: FLAG_SECURE on the window (no screenshots, no recents thumbnail) while any screen that
// shows secrets — backup codes, a document, an approval — is on screen.
package eu.egate.app.ui.common

import android.view.Window
import android.view.WindowManager
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.staticCompositionLocalOf

/** Counts the screens that need the flag: one leaving while the next enters keeps it on. */
class SecureWindow(private val window: Window) {
    private var holders = 0

    fun acquire() {
        if (holders++ == 0) window.addFlags(WindowManager.LayoutParams.FLAG_SECURE)
    }

    fun release() {
        if (--holders == 0) window.clearFlags(WindowManager.LayoutParams.FLAG_SECURE)
    }
}

val LocalSecureWindow = staticCompositionLocalOf<SecureWindow?> { null }

/** Keeps the window secure while the calling screen is composed. */
@Composable
fun SecureScreen() {
    val secure = LocalSecureWindow.current
    DisposableEffect(secure) {
        secure?.acquire()
        onDispose { secure?.release() }
    }
}
