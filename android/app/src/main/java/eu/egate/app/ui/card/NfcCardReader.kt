// Concern: NFC reader mode while a "hold your card" screen is resumed, and whether NFC can be
// used at all on this phone right now.
package eu.egate.app.ui.card

import android.nfc.tech.IsoDep
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberUpdatedState
import androidx.compose.runtime.setValue
import androidx.compose.ui.platform.LocalContext
import androidx.lifecycle.compose.LifecycleResumeEffect
import eu.egate.app.platform.NfcReaderMode
import eu.egate.app.system.graph
import eu.egate.app.ui.common.findActivity

enum class NfcAvailability { READY, OFF, ABSENT }

private fun NfcReaderMode.availability(): NfcAvailability = when {
    !isPresent -> NfcAvailability.ABSENT
    !isEnabled -> NfcAvailability.OFF
    else -> NfcAvailability.READY
}

/** Hands each card held to the phone to [onCard] (on a binder thread) while the screen is resumed. */
@Composable
fun rememberNfcCardReader(onCard: (IsoDep) -> Unit): NfcAvailability {
    val context = LocalContext.current
    val nfc = context.graph.nfc
    val currentOnCard by rememberUpdatedState(onCard)
    var availability by remember { mutableStateOf(nfc.availability()) }
    LifecycleResumeEffect(nfc) {
        val activity = context.findActivity()
        availability = nfc.availability()
        val started = nfc.start(activity) { currentOnCard(it) }
        onPauseOrDispose {
            if (started) nfc.stop(activity)
        }
    }
    return availability
}
