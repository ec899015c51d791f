// Concern: the camera permission: asked for when a scanning screen opens, and what the screen
// shows instead when it is refused.
package eu.egate.app.ui.camera

import android.Manifest
import android.content.pm.PackageManager
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.platform.LocalContext
import androidx.core.content.ContextCompat

/** Shows [granted] once the camera may be used, [refused] when the user said no. */
@Composable
fun WithCameraPermission(refused: @Composable () -> Unit, granted: @Composable () -> Unit) {
    val context = LocalContext.current
    var allowed by remember {
        mutableStateOf(
            ContextCompat.checkSelfPermission(context, Manifest.permission.CAMERA) == PackageManager.PERMISSION_GRANTED,
        )
    }
    var asked by remember { mutableStateOf(false) }
    val launcher = rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) { result ->
        allowed = result
        asked = true
    }
    LaunchedEffect(Unit) {
        if (!allowed) launcher.launch(Manifest.permission.CAMERA)
    }
    when {
        allowed -> granted()
        asked -> refused()
    }
}
