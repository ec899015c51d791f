// Concern: scanning the machine-readable zone with the camera: ML Kit reads the text on the
// phone, the core finds the MRZ and checks its digits; refused camera or no recogniser means the
// data is typed instead.
package eu.egate.app.ui.card

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.aspectRatio
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberUpdatedState
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import eu.egate.app.R
import eu.egate.app.system.camera.MrzTextAnalyzer
import eu.egate.app.ui.camera.CameraPreview
import eu.egate.app.ui.camera.WithCameraPermission
import eu.egate.app.ui.common.ActionButton
import eu.egate.app.ui.common.StatusLine
import eu.egate.app.ui.common.Tone
import eu.egate.core.ScannedMrz

/** [onScanned] gets the first MRZ whose check digits hold; [onUnavailable] when scanning cannot work. */
@Composable
fun MrzScanner(onScanned: (ScannedMrz) -> Unit, onUnavailable: () -> Unit, onClose: () -> Unit) {
    val scanned by rememberUpdatedState(onScanned)
    val unavailable by rememberUpdatedState(onUnavailable)
    Column {
        WithCameraPermission(
            refused = { StatusLine(stringResource(R.string.camera_refused_type_instead), Tone.NEUTRAL) },
        ) {
            val analyzer = remember { MrzTextAnalyzer(onMrz = { scanned(it) }, onUnavailable = { unavailable() }) }
            DisposableEffect(analyzer) { onDispose { analyzer.close() } }
            Text(stringResource(R.string.mrz_scan_instructions), style = MaterialTheme.typography.bodyLarge)
            CameraPreview(
                analyzer = analyzer,
                contentDescription = stringResource(R.string.mrz_scan_preview_description),
                modifier = Modifier.fillMaxWidth().aspectRatio(4f / 3f),
            )
        }
        ActionButton(text = stringResource(R.string.action_type_instead), onClick = onClose, primary = false)
    }
}
