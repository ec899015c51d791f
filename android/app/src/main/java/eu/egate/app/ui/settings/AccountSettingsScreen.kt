// Concern: the account settings screen: log in again, then two-factor login, the password, the
// phone number's state and the security notices.
package eu.egate.app.ui.settings

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.selection.toggleable
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.text.input.ImeAction
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.viewModel
import eu.egate.app.R
import eu.egate.app.state.AccountKey
import eu.egate.app.state.LoginStep
import eu.egate.app.system.graph
import eu.egate.app.ui.common.ActionButton
import eu.egate.app.ui.common.Heading
import eu.egate.app.ui.common.ProblemMessage
import eu.egate.app.ui.common.ScreenScaffold
import eu.egate.app.ui.common.StatusLine
import eu.egate.app.ui.common.Tone
import eu.egate.app.ui.common.formatMoment
import eu.egate.app.ui.common.noticeText
import eu.egate.app.ui.login.LoginSteps
import eu.egate.app.ui.login.PasswordField
import eu.egate.core.AccountNotice
import eu.egate.core.AccountOverview

@Composable
fun AccountSettingsScreen(account: AccountKey, onBack: () -> Unit) {
    val graph = LocalContext.current.graph
    val model: AccountSettingsViewModel = viewModel {
        AccountSettingsViewModel(graph.loginSession(account.gateway), graph.registrations)
    }
    val step by model.login.step.collectAsStateWithLifecycle()
    val overview by model.overview.collectAsStateWithLifecycle()
    val notices by model.notices.collectAsStateWithLifecycle()
    val passwordChanged by model.passwordChanged.collectAsStateWithLifecycle()
    val busy by model.work.busy.collectAsStateWithLifecycle()
    val problem by model.work.problem.collectAsStateWithLifecycle()
    val loggedIn = step is LoginStep.Done
    LaunchedEffect(loggedIn) { if (loggedIn) model.load() }

    ScreenScaffold(title = stringResource(R.string.settings_title), onBack = onBack) {
        if (!loggedIn) {
            Text(stringResource(R.string.settings_log_in_explained), style = MaterialTheme.typography.bodyLarge)
            LoginSteps(model.login, model::perform, initialCitizenId = account.citizenId)
        } else {
            ProblemMessage(problem)
            overview?.let { TwoFactorAndPhone(it, busy, model::setTwoFactor) }
            PasswordSection(busy, passwordChanged, model::changePassword)
            NoticesSection(notices)
        }
    }
}

@Composable
private fun TwoFactorAndPhone(overview: AccountOverview, busy: Boolean, onSet: (Boolean) -> Unit) {
    var confirmingOff by rememberSaveable { mutableStateOf(false) }
    Heading(stringResource(R.string.settings_security_heading))
    Row(
        modifier = Modifier
            .fillMaxWidth()
            .toggleable(
                value = overview.twoFactor,
                enabled = !busy,
                role = Role.Switch,
                onValueChange = { on -> if (on) onSet(true) else confirmingOff = true },
            ),
        horizontalArrangement = Arrangement.SpaceBetween,
        verticalAlignment = Alignment.CenterVertically,
    ) {
        Text(stringResource(R.string.settings_two_factor), style = MaterialTheme.typography.bodyLarge)
        Switch(checked = overview.twoFactor, onCheckedChange = null, enabled = !busy)
    }
    val phone = when {
        !overview.hasPhone -> R.string.settings_no_phone
        overview.phoneVerifiedWithId -> R.string.settings_phone_verified
        else -> R.string.settings_phone_not_verified
    }
    StatusLine(stringResource(phone), if (overview.phoneVerifiedWithId) Tone.GOOD else Tone.NEUTRAL)
    if (confirmingOff) {
        AlertDialog(
            onDismissRequest = { confirmingOff = false },
            text = { Text(stringResource(R.string.settings_confirm_two_factor_off)) },
            confirmButton = {
                TextButton(onClick = {
                    confirmingOff = false
                    onSet(false)
                }) { Text(stringResource(R.string.action_turn_off)) }
            },
            dismissButton = {
                TextButton(onClick = { confirmingOff = false }) { Text(stringResource(R.string.action_cancel)) }
            },
        )
    }
}

@Composable
private fun PasswordSection(busy: Boolean, changed: Boolean, onChange: (String, String) -> Unit) {
    var current by remember { mutableStateOf("") }
    var new by remember { mutableStateOf("") }
    Heading(stringResource(R.string.settings_password_heading))
    if (changed) StatusLine(stringResource(R.string.settings_password_changed), Tone.GOOD)
    PasswordField(current, { current = it }, R.string.login_current_password, ImeAction.Next)
    PasswordField(new, { new = it }, R.string.login_new_password, ImeAction.Done)
    ActionButton(
        stringResource(R.string.action_change_password),
        onClick = { onChange(current, new) },
        busy = busy,
        enabled = current.isNotEmpty() && new.isNotEmpty(),
    )
}

/** A notice's detail in words: a device name as is, a count in a sentence, nothing else. */
@Composable
private fun noticeDetail(notice: AccountNotice): String? = when {
    notice.detail.isEmpty() -> null
    notice.kind in setOf("device_registered", "device_removed", "device_transferred") -> notice.detail
    notice.kind in setOf("backup_code_used", "backup_codes_low") ->
        stringResource(R.string.notice_detail_codes_left, notice.detail)
    notice.kind == "two_factor_off" -> stringResource(R.string.notice_detail_devices_removed, notice.detail)
    else -> null
}

@Composable
private fun NoticesSection(notices: List<AccountNotice>) {
    Heading(stringResource(R.string.settings_notices_heading))
    if (notices.isEmpty()) Text(stringResource(R.string.settings_no_notices), style = MaterialTheme.typography.bodyMedium)
    notices.forEach { notice ->
        Column(Modifier.fillMaxWidth()) {
            Text(stringResource(noticeText(notice.kind)), style = MaterialTheme.typography.bodyLarge)
            noticeDetail(notice)?.let { Text(it, style = MaterialTheme.typography.bodyMedium) }
            Text(formatMoment(notice.at), style = MaterialTheme.typography.bodySmall)
        }
    }
}
