// Concern: the ID verification screen, on a secure window: the card's credentials, "hold your
// card to the back of the phone" with progress and resumption after a lost card, the SMS code,
// and how it ended.
package eu.egate.app.ui.idverify

import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.pluralStringResource
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardType
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.viewModel
import eu.egate.app.BuildConfig
import eu.egate.app.R
import eu.egate.app.state.AccountKey
import eu.egate.app.state.IdVerificationFlow
import eu.egate.app.state.problemOfRefusal
import eu.egate.app.system.graph
import eu.egate.app.ui.Routes
import eu.egate.app.ui.card.CredentialsForm
import eu.egate.app.ui.card.HoldCardPanel
import eu.egate.app.ui.card.rememberNfcCardReader
import eu.egate.app.ui.common.ActionButton
import eu.egate.app.ui.common.Heading
import eu.egate.app.ui.common.ProblemMessage
import eu.egate.app.ui.common.ScreenScaffold
import eu.egate.app.ui.common.SecureScreen
import eu.egate.app.ui.common.StatusLine
import eu.egate.app.ui.common.Tone
import eu.egate.app.ui.common.chipPresenceText
import eu.egate.app.ui.common.findActivity
import eu.egate.app.ui.common.text
import eu.egate.app.ui.login.PasswordField
import eu.egate.core.IdVerificationState
import eu.egate.core.simulatedProfiles

@Composable
fun IdVerificationScreen(
    purpose: Routes.Purpose,
    account: AccountKey?,
    link: String?,
    onDone: () -> Unit,
    onBack: () -> Unit,
) {
    SecureScreen()
    val context = LocalContext.current
    val graph = context.graph
    val model: IdVerificationViewModel = viewModel { IdVerificationViewModel(graph, purpose, account, link) }
    val verification by model.verification.collectAsStateWithLifecycle()
    val opening by model.opening.busy.collectAsStateWithLifecycle()
    val openProblem by model.opening.problem.collectAsStateWithLifecycle()
    val deviceAdded by model.deviceAdded.collectAsStateWithLifecycle()
    LaunchedEffect(deviceAdded) {
        if (deviceAdded) graph.push.refresh(context.findActivity())
    }

    val title = if (purpose == Routes.Purpose.TRANSFER) R.string.transfer_title else R.string.verify_title
    ScreenScaffold(title = stringResource(title), onBack = onBack) {
        ProblemMessage(openProblem)
        val flow = verification
        when {
            flow != null -> Verification(flow, model, onDone)
            opening -> CircularProgressIndicator()
            purpose == Routes.Purpose.TRANSFER -> TransferLogin(model::startTransfer)
            else -> ActionButton(stringResource(R.string.action_done), onClick = onBack)
        }
    }
}

@Composable
private fun TransferLogin(onStart: (String, String) -> Unit) {
    var citizenId by rememberSaveable { mutableStateOf("") }
    var password by remember { mutableStateOf("") }
    Text(stringResource(R.string.transfer_explained), style = MaterialTheme.typography.bodyLarge)
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
        stringResource(R.string.action_continue),
        onClick = { onStart(citizenId, password) },
        enabled = citizenId.isNotEmpty() && password.isNotEmpty(),
    )
}

@Composable
private fun Verification(flow: IdVerificationFlow, model: IdVerificationViewModel, onDone: () -> Unit) {
    val state by flow.state.collectAsStateWithLifecycle()
    val busy by flow.work.busy.collectAsStateWithLifecycle()
    val problem by flow.work.problem.collectAsStateWithLifecycle()
    val progress by flow.progress.collectAsStateWithLifecycle()
    val cardLost by flow.cardLost.collectAsStateWithLifecycle()
    // Reader mode stays on for the whole verification, so the card stays powered between the read
    // and the gateway's check of the chip.
    val nfc = rememberNfcCardReader(model::cardPresented)
    ProblemMessage(problem)
    when (val current = state) {
        is IdVerificationState.EnterCredentials -> {
            val explained = if (current.deviceTransfer) R.string.verify_credentials_transfer else R.string.verify_credentials_phone
            Text(stringResource(explained), style = MaterialTheme.typography.bodyLarge)
            CredentialsForm(busy = busy, onSubmit = model::enter)
            if (BuildConfig.DEBUG) SimulatedCards(model)
        }
        IdVerificationState.HoldCard -> HoldCardPanel(nfc, progress, cardLost)
        IdVerificationState.ProveChipPresence -> {
            StatusLine(stringResource(R.string.verify_prove_chip), Tone.NEUTRAL)
            HoldCardPanel(nfc, progress, cardLost)
        }
        IdVerificationState.ReadyToSend -> if (busy) {
            StatusLine(stringResource(R.string.verify_sending), Tone.NEUTRAL)
            CircularProgressIndicator()
        } else {
            ActionButton(stringResource(R.string.action_send), onClick = model::send)
        }
        is IdVerificationState.EnterSmsCode -> SmsCode(current, busy, model)
        IdVerificationState.PhoneVerified -> {
            StatusLine(stringResource(R.string.verify_phone_verified), Tone.GOOD)
            ActionButton(stringResource(R.string.action_done), onClick = onDone)
        }
        is IdVerificationState.DeviceTransferred -> {
            StatusLine(stringResource(R.string.verify_device_transferred), Tone.GOOD)
            val revoked = current.devicesRevoked.toInt()
            if (revoked > 0) {
                Text(pluralStringResource(R.plurals.verify_devices_revoked, revoked, revoked), style = MaterialTheme.typography.bodyLarge)
            }
            ActionButton(stringResource(R.string.action_done), onClick = onDone)
        }
        is IdVerificationState.Refused -> {
            StatusLine(stringResource(problemOfRefusal(current.code).text()), Tone.BAD)
            ActionButton(stringResource(R.string.action_done), onClick = onDone)
        }
    }
}

@Composable
private fun SmsCode(state: IdVerificationState.EnterSmsCode, busy: Boolean, model: IdVerificationViewModel) {
    var code by rememberSaveable { mutableStateOf("") }
    var name by rememberSaveable { mutableStateOf(model.suggestedDeviceName) }
    val transfer = model.isTransfer
    StatusLine(stringResource(chipPresenceText(state.chipPresence)), Tone.GOOD)
    Text(stringResource(R.string.login_sms_sent, state.phoneHint), style = MaterialTheme.typography.bodyLarge)
    OutlinedTextField(
        value = code,
        onValueChange = { code = it.filter(Char::isDigit) },
        label = { Text(stringResource(R.string.login_sms_code)) },
        singleLine = true,
        keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.NumberPassword, imeAction = ImeAction.Done),
        modifier = Modifier.fillMaxWidth(),
    )
    if (transfer) {
        OutlinedTextField(
            value = name,
            onValueChange = { name = it },
            label = { Text(stringResource(R.string.add_account_name_label)) },
            singleLine = true,
            modifier = Modifier.fillMaxWidth(),
        )
    }
    ActionButton(
        stringResource(R.string.action_confirm),
        onClick = { if (transfer) model.confirmTransfer(code, name.trim()) else model.confirmPhone(code) },
        busy = busy,
        enabled = code.isNotEmpty() && (!transfer || name.isNotBlank()),
    )
}

/** Debug builds: the simulated cards, for a reference gateway that trusts their test issuer. */
@Composable
private fun SimulatedCards(model: IdVerificationViewModel) {
    val profiles = remember { simulatedProfiles() }
    Heading(stringResource(R.string.verify_simulated_heading))
    profiles.forEach { profile ->
        ActionButton(
            stringResource(R.string.verify_use_simulated, profile.name),
            onClick = { model.useSimulatedCard(profile) },
            primary = false,
        )
    }
}
