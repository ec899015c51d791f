// Concern: the backup codes screen, on a secure window: how many codes are left, a new set shown
// once to be written down, and deleting them.
package eu.egate.app.ui.backup

import androidx.compose.material3.AlertDialog
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.pluralStringResource
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.font.FontFamily
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.viewModel
import eu.egate.app.R
import eu.egate.app.state.AccountKey
import eu.egate.app.system.graph
import eu.egate.app.ui.common.ActionButton
import eu.egate.app.ui.common.Heading
import eu.egate.app.ui.common.ProblemMessage
import eu.egate.app.ui.common.ScreenScaffold
import eu.egate.app.ui.common.SecureScreen

private enum class Confirming { NONE, NEW, DELETE }

@Composable
fun BackupCodesScreen(account: AccountKey, onBack: () -> Unit) {
    SecureScreen()
    val graph = LocalContext.current.graph
    val model: BackupCodesViewModel = viewModel { BackupCodesViewModel(graph.registrations, account) }
    val remaining by model.remaining.collectAsStateWithLifecycle()
    val codes by model.codes.collectAsStateWithLifecycle()
    val busy by model.work.busy.collectAsStateWithLifecycle()
    val problem by model.work.problem.collectAsStateWithLifecycle()
    var confirming by rememberSaveable { mutableStateOf(Confirming.NONE) }

    ScreenScaffold(title = stringResource(R.string.backup_title), onBack = onBack) {
        ProblemMessage(problem)
        Text(stringResource(R.string.backup_explained), style = MaterialTheme.typography.bodyLarge)
        remaining?.let {
            val count = it.toInt()
            Text(pluralStringResource(R.plurals.backup_remaining, count, count), style = MaterialTheme.typography.titleMedium)
        }
        if (codes.isNotEmpty()) {
            Heading(stringResource(R.string.backup_new_heading))
            Text(stringResource(R.string.backup_write_down), style = MaterialTheme.typography.bodyLarge)
            codes.forEach { Text(it, style = MaterialTheme.typography.titleMedium, fontFamily = FontFamily.Monospace) }
        }
        ActionButton(
            stringResource(R.string.action_new_backup_codes),
            onClick = { if ((remaining ?: 0L) > 0L) confirming = Confirming.NEW else model.makeNew() },
            busy = busy,
        )
        if ((remaining ?: 0L) > 0L) {
            ActionButton(
                stringResource(R.string.action_delete_backup_codes),
                onClick = { confirming = Confirming.DELETE },
                enabled = !busy,
                primary = false,
            )
        }
    }

    if (confirming != Confirming.NONE) {
        val replacing = confirming == Confirming.NEW
        AlertDialog(
            onDismissRequest = { confirming = Confirming.NONE },
            text = { Text(stringResource(if (replacing) R.string.backup_confirm_new else R.string.backup_confirm_delete)) },
            confirmButton = {
                TextButton(onClick = {
                    confirming = Confirming.NONE
                    if (replacing) model.makeNew() else model.delete()
                }) { Text(stringResource(if (replacing) R.string.action_new_backup_codes else R.string.action_delete)) }
            },
            dismissButton = {
                TextButton(onClick = { confirming = Confirming.NONE }) { Text(stringResource(R.string.action_cancel)) }
            },
        )
    }
}
