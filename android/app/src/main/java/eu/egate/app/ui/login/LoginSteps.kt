// Concern: the steps of a password login with the gateway on screen: credentials, a forced
// password change, the second factor (SMS code, approval on another registered phone, backup
// code). The finished login is the caller's to show.
package eu.egate.app.ui.login

import androidx.annotation.StringRes
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import eu.egate.app.R
import eu.egate.app.state.LoginFlow
import eu.egate.app.state.LoginStep
import eu.egate.app.ui.common.ActionButton
import eu.egate.app.ui.common.ProblemMessage

/** How long one wait for the other phone's decision lasts before it is asked again. */
private const val APPROVAL_WAIT_SECONDS = 25u

/** [perform] runs a step of [flow] in the screen's view model. */
@Composable
fun LoginSteps(flow: LoginFlow, perform: (suspend LoginFlow.() -> Unit) -> Unit, initialCitizenId: String = "") {
    val step by flow.step.collectAsStateWithLifecycle()
    val busy by flow.work.busy.collectAsStateWithLifecycle()
    val problem by flow.work.problem.collectAsStateWithLifecycle()
    ProblemMessage(problem)
    when (val current = step) {
        LoginStep.Credentials -> Credentials(initialCitizenId, busy) { id, password -> perform { login(id, password) } }
        LoginStep.ChangePassword -> ChangePassword(busy) { old, new -> perform { changePassword(old, new) } }
        is LoginStep.SecondFactor -> SecondFactor(current, busy, flow, perform)
        is LoginStep.SmsSent -> SmsCode(current.phoneHint, busy, perform)
        is LoginStep.Done -> Unit
    }
}

@Composable
private fun Credentials(initialCitizenId: String, busy: Boolean, onLogin: (String, String) -> Unit) {
    var citizenId by rememberSaveable { mutableStateOf(initialCitizenId) }
    var password by remember { mutableStateOf("") }
    OutlinedTextField(
        value = citizenId,
        onValueChange = { citizenId = it.trim() },
        label = { Text(stringResource(R.string.login_citizen_id)) },
        singleLine = true,
        keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Number, imeAction = ImeAction.Next),
        modifier = Modifier.fillMaxWidth(),
    )
    PasswordField(password, { password = it }, R.string.login_password, ImeAction.Done)
    ActionButton(
        stringResource(R.string.action_log_in),
        onClick = { onLogin(citizenId, password) },
        busy = busy,
        enabled = citizenId.isNotEmpty() && password.isNotEmpty(),
    )
}

@Composable
private fun ChangePassword(busy: Boolean, onChange: (String, String) -> Unit) {
    var current by remember { mutableStateOf("") }
    var new by remember { mutableStateOf("") }
    Text(stringResource(R.string.login_change_password_explained), style = MaterialTheme.typography.bodyLarge)
    PasswordField(current, { current = it }, R.string.login_current_password, ImeAction.Next)
    PasswordField(new, { new = it }, R.string.login_new_password, ImeAction.Done)
    ActionButton(
        stringResource(R.string.action_change_password),
        onClick = { onChange(current, new) },
        busy = busy,
        enabled = current.isNotEmpty() && new.isNotEmpty(),
    )
}

@Composable
private fun SecondFactor(
    step: LoginStep.SecondFactor,
    busy: Boolean,
    flow: LoginFlow,
    perform: (suspend LoginFlow.() -> Unit) -> Unit,
) {
    var waiting by rememberSaveable { mutableStateOf(false) }
    var backupCode by remember { mutableStateOf("") }
    Text(stringResource(R.string.login_second_factor_explained), style = MaterialTheme.typography.bodyLarge)
    val approvalCode = step.approvalCode
    if ("device" in step.factors && approvalCode != null) {
        if (waiting && busy) {
            Text(
                stringResource(R.string.login_approve_on_other_phone, approvalCode),
                style = MaterialTheme.typography.titleLarge,
                modifier = Modifier.semantics { liveRegion = LiveRegionMode.Polite },
            )
            ActionButton(stringResource(R.string.action_stop_waiting), onClick = flow::cancel, primary = false)
            return
        }
        ActionButton(
            stringResource(R.string.action_approve_on_other_phone),
            onClick = {
                waiting = true
                perform {
                    while (!awaitApproval(APPROVAL_WAIT_SECONDS)) Unit
                }
            },
            enabled = !busy,
        )
    }
    if ("sms" in step.factors) {
        ActionButton(stringResource(R.string.action_send_sms), onClick = { perform { sendSms() } }, busy = busy, primary = false)
    }
    OutlinedTextField(
        value = backupCode,
        onValueChange = { backupCode = it.trim() },
        label = { Text(stringResource(R.string.login_backup_code)) },
        singleLine = true,
        keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Ascii, imeAction = ImeAction.Done),
        modifier = Modifier.fillMaxWidth(),
    )
    ActionButton(
        stringResource(R.string.action_use_backup_code),
        onClick = { perform { useBackupCode(backupCode) } },
        enabled = backupCode.isNotEmpty() && !busy,
        primary = false,
    )
}

@Composable
private fun SmsCode(phoneHint: String, busy: Boolean, perform: (suspend LoginFlow.() -> Unit) -> Unit) {
    var code by rememberSaveable { mutableStateOf("") }
    Text(stringResource(R.string.login_sms_sent, phoneHint), style = MaterialTheme.typography.bodyLarge)
    OutlinedTextField(
        value = code,
        onValueChange = { code = it.filter(Char::isDigit) },
        label = { Text(stringResource(R.string.login_sms_code)) },
        singleLine = true,
        keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.NumberPassword, imeAction = ImeAction.Done),
        modifier = Modifier.fillMaxWidth(),
    )
    ActionButton(stringResource(R.string.action_confirm), onClick = { perform { verifySms(code) } }, busy = busy, enabled = code.isNotEmpty())
    ActionButton(stringResource(R.string.action_send_again), onClick = { perform { sendSms() } }, enabled = !busy, primary = false)
}

@Composable
fun PasswordField(value: String, onValueChange: (String) -> Unit, @StringRes label: Int, imeAction: ImeAction) {
    OutlinedTextField(
        value = value,
        onValueChange = onValueChange,
        label = { Text(stringResource(label)) },
        singleLine = true,
        visualTransformation = PasswordVisualTransformation(),
        keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Password, imeAction = imeAction),
        modifier = Modifier.fillMaxWidth(),
    )
}
