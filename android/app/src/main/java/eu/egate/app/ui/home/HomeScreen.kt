// Concern: the home screen: logins waiting for approval, this phone's accounts with what can be
// done for each, and the ways to add an account, verify with an ID card or try the demo.
package eu.egate.app.ui.home

import android.Manifest
import android.content.pm.PackageManager
import android.net.Uri
import android.os.Build
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.ElevatedCard
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.pluralStringResource
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.core.content.ContextCompat
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.viewModel
import eu.egate.app.R
import eu.egate.app.state.key
import eu.egate.app.system.graph
import eu.egate.app.ui.Routes
import eu.egate.app.ui.common.ActionButton
import eu.egate.app.ui.common.Heading
import eu.egate.app.ui.common.ProblemMessage
import eu.egate.app.ui.common.ScreenScaffold
import eu.egate.app.ui.common.text
import eu.egate.core.DeviceSummary

@Composable
fun HomeScreen(navigate: (String) -> Unit) {
    val graph = LocalContext.current.graph
    val model: HomeViewModel = viewModel { HomeViewModel(graph.registrations, graph.pendingLogins) }
    val accounts by model.accounts.collectAsStateWithLifecycle()
    val pending by model.pending.collectAsStateWithLifecycle()
    val problem by model.work.problem.collectAsStateWithLifecycle()

    ScreenScaffold(title = stringResource(R.string.app_name), onBack = null) {
        ProblemMessage(problem)
        if (pending.isNotEmpty()) {
            Card(
                colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.primaryContainer),
                modifier = Modifier.fillMaxWidth(),
            ) {
                Column(Modifier.padding(16.dp)) {
                    Text(
                        pluralStringResource(R.plurals.home_pending_logins, pending.size, pending.size),
                        style = MaterialTheme.typography.titleMedium,
                    )
                    TextButton(onClick = { navigate(Routes.PENDING) }) { Text(stringResource(R.string.action_review)) }
                }
            }
        }
        if (accounts.isEmpty()) {
            Text(stringResource(R.string.home_no_accounts), style = MaterialTheme.typography.bodyLarge)
            ActionButton(stringResource(R.string.action_add_this_phone), onClick = { navigate(Routes.ADD_ACCOUNT) })
        } else {
            NotificationPermissionCard()
            accounts.forEach { AccountCard(it, navigate) }
        }
        Heading(stringResource(R.string.home_more))
        if (accounts.isNotEmpty()) {
            ActionButton(stringResource(R.string.action_add_account), onClick = { navigate(Routes.ADD_ACCOUNT) }, primary = false)
        }
        ActionButton(stringResource(R.string.action_move_account_here), onClick = { navigate(Routes.transfer()) }, primary = false)
        ActionButton(stringResource(R.string.action_scan_verification_code), onClick = { navigate(Routes.SCAN_VERIFICATION) }, primary = false)
        ActionButton(stringResource(R.string.action_read_card), onClick = { navigate(Routes.readCard(null)) }, primary = false)
        ActionButton(stringResource(R.string.action_try_without_card), onClick = { navigate(Routes.DEMO) }, primary = false)
    }
}

@Composable
private fun AccountCard(account: DeviceSummary, navigate: (String) -> Unit) {
    val key = account.key
    ElevatedCard(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(16.dp)) {
            Heading(stringResource(R.string.home_account, account.citizenId))
            Text(stringResource(R.string.home_this_phone, account.deviceName), style = MaterialTheme.typography.bodyMedium)
            Text(
                stringResource(R.string.home_gateway, Uri.parse(account.gateway).host ?: account.gateway),
                style = MaterialTheme.typography.bodyMedium,
            )
            Text(stringResource(account.protection.text()), style = MaterialTheme.typography.bodyMedium)
            AccountAction(R.string.action_scan_login_code, account.citizenId) { navigate(Routes.scanLogin(key)) }
            AccountAction(R.string.action_backup_codes, account.citizenId) { navigate(Routes.backupCodes(key)) }
            AccountAction(R.string.action_devices, account.citizenId) { navigate(Routes.devices(key)) }
            AccountAction(R.string.action_account_settings, account.citizenId) { navigate(Routes.accountSettings(key)) }
            AccountAction(R.string.action_verify_phone, account.citizenId) { navigate(Routes.verifyPhone(key)) }
        }
    }
}

/** One account's action; TalkBack also hears which account, since every card has the same ones. */
@Composable
private fun AccountAction(@StringRes label: Int, account: String, onClick: () -> Unit) {
    val text = stringResource(label)
    TextButton(onClick = onClick, modifier = Modifier.semantics { contentDescription = "$text, $account" }) { Text(text) }
}

/** Login requests arrive as notifications only with the user's permission (Android 13 and later). */
@Composable
private fun NotificationPermissionCard() {
    if (Build.VERSION.SDK_INT < Build.VERSION_CODES.TIRAMISU) return
    val context = LocalContext.current
    var granted by remember {
        mutableStateOf(
            ContextCompat.checkSelfPermission(context, Manifest.permission.POST_NOTIFICATIONS) ==
                PackageManager.PERMISSION_GRANTED,
        )
    }
    val launcher = rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) { granted = it }
    if (granted) return
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(16.dp)) {
            Text(stringResource(R.string.home_notifications_explained), style = MaterialTheme.typography.bodyMedium)
            TextButton(onClick = { launcher.launch(Manifest.permission.POST_NOTIFICATIONS) }) {
                Text(stringResource(R.string.action_allow_notifications))
            }
        }
    }
}
