// Concern: "try it without a card": the core's simulated documents to choose from.
package eu.egate.app.ui.card

import androidx.annotation.StringRes
import androidx.compose.foundation.clickable
import androidx.compose.material3.ListItem
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.remember
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import eu.egate.app.R
import eu.egate.app.ui.common.ScreenScaffold
import eu.egate.core.SimulatedProfile
import eu.egate.core.simulatedProfiles

@Composable
fun DemoScreen(onRead: (SimulatedProfile) -> Unit, onBack: () -> Unit) {
    val profiles = remember { simulatedProfiles() }
    ScreenScaffold(title = stringResource(R.string.demo_title), onBack = onBack) {
        Text(stringResource(R.string.demo_explained), style = MaterialTheme.typography.bodyLarge)
        profiles.forEach { profile ->
            ListItem(
                headlineContent = { Text(stringResource(documentKind(profile.name))) },
                supportingContent = { Text(profile.name) },
                modifier = Modifier.clickable(onClickLabel = stringResource(R.string.action_read)) { onRead(profile) },
            )
        }
    }
}

@StringRes
private fun documentKind(profileName: String): Int = when {
    profileName.startsWith("td1") -> R.string.demo_kind_id_card
    profileName.startsWith("td3") -> R.string.demo_kind_passport
    else -> R.string.demo_kind_document
}
