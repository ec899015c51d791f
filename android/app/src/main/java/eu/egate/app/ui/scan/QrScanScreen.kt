// Concern: scanning a QR code (a login on a website, or an ID verification started there) with
// the back camera; the core decodes the frames and later judges the text.
package eu.egate.app.ui.scan

import android.content.Intent
import android.net.Uri
import android.provider.Settings
import androidx.annotation.StringRes
import androidx.compose.foundation.layout.aspectRatio
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberUpdatedState
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.core.content.ContextCompat
import eu.egate.app.R
import eu.egate.app.system.camera.QrFrameAnalyzer
import eu.egate.app.ui.camera.CameraPreview
import eu.egate.app.ui.camera.WithCameraPermission
import eu.egate.app.ui.common.ActionButton
import eu.egate.app.ui.common.ScreenScaffold
import eu.egate.app.ui.common.StatusLine
import eu.egate.app.ui.common.Tone

@Composable
fun QrScanScreen(@StringRes title: Int, @StringRes instructions: Int, onScanned: (String) -> Unit, onBack: () -> Unit) {
    val context = LocalContext.current
    val scanned by rememberUpdatedState(onScanned)
    ScreenScaffold(title = stringResource(title), onBack = onBack) {
        Text(stringResource(instructions), style = MaterialTheme.typography.bodyLarge)
        WithCameraPermission(
            refused = {
                StatusLine(stringResource(R.string.camera_refused_qr), Tone.CAUTION)
                ActionButton(
                    stringResource(R.string.action_open_app_settings),
                    onClick = {
                        context.startActivity(
                            Intent(Settings.ACTION_APPLICATION_DETAILS_SETTINGS, Uri.fromParts("package", context.packageName, null)),
                        )
                    },
                )
            },
        ) {
            val analyzer = remember {
                val main = ContextCompat.getMainExecutor(context)
                QrFrameAnalyzer { text -> main.execute { scanned(text) } }
            }
            CameraPreview(
                analyzer = analyzer,
                contentDescription = stringResource(R.string.scan_preview_description),
                modifier = Modifier.fillMaxWidth().aspectRatio(3f / 4f),
            )
        }
    }
}
