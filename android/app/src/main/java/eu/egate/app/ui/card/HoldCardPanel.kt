// Concern: the "hold your card to the back of the phone" panel: NFC missing or off, the read's
// phase and progress, and a lost card to be held again.
package eu.egate.app.ui.card

import android.content.Intent
import android.provider.Settings
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Nfc
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.ui.Modifier
import androidx.compose.ui.hapticfeedback.HapticFeedbackType
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.LocalHapticFeedback
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import eu.egate.app.R
import eu.egate.app.state.ReadProgress
import eu.egate.app.ui.common.ActionButton
import eu.egate.app.ui.common.IconLine
import eu.egate.app.ui.common.StatusLine
import eu.egate.app.ui.common.Tone
import eu.egate.app.ui.common.text

@Composable
fun HoldCardPanel(availability: NfcAvailability, progress: ReadProgress?, cardLost: Boolean) {
    when (availability) {
        NfcAvailability.ABSENT -> StatusLine(stringResource(R.string.nfc_absent), Tone.CAUTION)
        NfcAvailability.OFF -> {
            val context = LocalContext.current
            StatusLine(stringResource(R.string.nfc_off), Tone.CAUTION)
            ActionButton(
                text = stringResource(R.string.action_open_nfc_settings),
                onClick = { context.startActivity(Intent(Settings.ACTION_NFC_SETTINGS)) },
            )
        }
        NfcAvailability.READY -> {
            IconLine(Icons.Filled.Nfc, stringResource(R.string.hold_card_instructions), MaterialTheme.colorScheme.primary)
            if (cardLost) StatusLine(stringResource(R.string.hold_card_again), Tone.CAUTION)
            progress?.let { ReadProgressView(it) }
        }
    }
}

@Composable
fun ReadProgressView(progress: ReadProgress) {
    val haptics = LocalHapticFeedback.current
    LaunchedEffect(Unit) { haptics.performHapticFeedback(HapticFeedbackType.LongPress) }
    Column {
        Text(
            stringResource(progress.phase.text()),
            style = MaterialTheme.typography.bodyLarge,
            modifier = Modifier.semantics { liveRegion = LiveRegionMode.Polite },
        )
        // The indicator reports its range to TalkBack itself.
        val fraction = progress.fraction
        if (fraction != null) {
            LinearProgressIndicator(progress = { fraction }, modifier = Modifier.fillMaxWidth())
        } else {
            LinearProgressIndicator(modifier = Modifier.fillMaxWidth())
        }
        Text(stringResource(R.string.hold_card_keep_still), style = MaterialTheme.typography.bodyMedium)
        if (progress.resumed) Text(stringResource(R.string.hold_card_resumed), style = MaterialTheme.typography.bodyMedium)
    }
}
