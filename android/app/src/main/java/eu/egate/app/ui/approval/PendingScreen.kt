// Concern: the logins waiting for this phone's approval, pulled from every account.
package eu.egate.app.ui.approval

import androidx.compose.foundation.clickable
import androidx.compose.material3.ListItem
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import eu.egate.app.R
import eu.egate.app.state.PendingLogin
import eu.egate.app.system.graph
import eu.egate.app.ui.common.ActionButton
import eu.egate.app.ui.common.ProblemMessage
import eu.egate.app.ui.common.ScreenScaffold
import eu.egate.app.ui.common.formatMoment
import kotlinx.coroutines.launch

@Composable
fun PendingScreen(onOpen: (PendingLogin) -> Unit, onBack: () -> Unit) {
    val pending = LocalContext.current.graph.pendingLogins
    val logins by pending.logins.collectAsStateWithLifecycle()
    val busy by pending.work.busy.collectAsStateWithLifecycle()
    val problem by pending.work.problem.collectAsStateWithLifecycle()
    val scope = rememberCoroutineScope()
    LaunchedEffect(pending) { pending.refresh() }

    ScreenScaffold(title = stringResource(R.string.pending_title), onBack = onBack) {
        ProblemMessage(problem)
        if (logins.isEmpty() && !busy) {
            Text(stringResource(R.string.pending_none), style = MaterialTheme.typography.bodyLarge)
        }
        logins.forEach { login ->
            ListItem(
                headlineContent = { Text(stringResource(R.string.pending_login_for, login.account.citizenId)) },
                supportingContent = { Text(stringResource(R.string.pending_expires, formatMoment(login.approval.expiresAt))) },
                modifier = Modifier.clickable(onClickLabel = stringResource(R.string.action_review)) { onOpen(login) },
            )
        }
        ActionButton(
            stringResource(R.string.action_refresh),
            onClick = { scope.launch { pending.refresh() } },
            busy = busy,
            primary = false,
        )
    }
}
