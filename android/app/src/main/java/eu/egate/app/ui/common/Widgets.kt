// Concern: small building blocks used across screens: headings, a button that shows a running
// call, a status line whose icon and words (never colour alone) carry the meaning.
package eu.egate.app.ui.common

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.CheckCircle
import androidx.compose.material.icons.filled.Error
import androidx.compose.material.icons.filled.Info
import androidx.compose.material.icons.filled.Warning
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import eu.egate.app.R

@Composable
fun Heading(text: String, modifier: Modifier = Modifier) {
    Text(text, style = MaterialTheme.typography.titleMedium, modifier = modifier.semantics { heading() })
}

/** A full-width button that says so while its call runs. */
@Composable
fun ActionButton(text: String, onClick: () -> Unit, busy: Boolean = false, enabled: Boolean = true, primary: Boolean = true) {
    val content: @Composable () -> Unit = {
        if (busy) {
            CircularProgressIndicator(modifier = Modifier.size(18.dp), strokeWidth = 2.dp)
            Text(stringResource(R.string.status_working), modifier = Modifier.padding(start = 8.dp))
        } else {
            Text(text)
        }
    }
    val modifier = Modifier.fillMaxWidth()
    if (primary) {
        Button(onClick = onClick, enabled = enabled && !busy, modifier = modifier) { content() }
    } else {
        OutlinedButton(onClick = onClick, enabled = enabled && !busy, modifier = modifier) { content() }
    }
}

enum class Tone { GOOD, BAD, CAUTION, NEUTRAL }

/** A line of status: the icon repeats what the words say, for a quick look. */
@Composable
fun StatusLine(text: String, tone: Tone, modifier: Modifier = Modifier) {
    val (icon, tint) = when (tone) {
        Tone.GOOD -> Icons.Filled.CheckCircle to MaterialTheme.colorScheme.primary
        Tone.BAD -> Icons.Filled.Error to MaterialTheme.colorScheme.error
        Tone.CAUTION -> Icons.Filled.Warning to MaterialTheme.colorScheme.tertiary
        Tone.NEUTRAL -> Icons.Filled.Info to MaterialTheme.colorScheme.onSurfaceVariant
    }
    IconLine(icon = icon, text = text, tint = tint, modifier = modifier)
}

@Composable
fun IconLine(icon: ImageVector, text: String, tint: Color, modifier: Modifier = Modifier) {
    Row(
        modifier = modifier.fillMaxWidth().semantics(mergeDescendants = true) {},
        horizontalArrangement = Arrangement.spacedBy(12.dp),
        verticalAlignment = Alignment.CenterVertically,
    ) {
        Icon(icon, contentDescription = null, tint = tint)
        Text(text, style = MaterialTheme.typography.bodyLarge)
    }
}
