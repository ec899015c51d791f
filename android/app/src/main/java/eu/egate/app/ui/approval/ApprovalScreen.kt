// Concern: the approval screen, on a secure window: the gateway-signed context of a login, the
// code typed from the browser, approve / deny / "this wasn't me", and how it ended.
package eu.egate.app.ui.approval

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.text.KeyboardActions
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.ElevatedCard
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.pluralStringResource
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.viewModel
import eu.egate.app.R
import eu.egate.app.state.AccountKey
import eu.egate.app.state.ApprovalFlow
import eu.egate.app.system.graph
import eu.egate.app.ui.common.ActionButton
import eu.egate.app.ui.common.Heading
import eu.egate.app.ui.common.ProblemMessage
import eu.egate.app.ui.common.ScreenScaffold
import eu.egate.app.ui.common.SecureScreen
import eu.egate.app.ui.common.StatusLine
import eu.egate.app.ui.common.Tone
import eu.egate.app.ui.common.formatMoment
import eu.egate.core.ApprovalState
import eu.egate.core.LoginContext

@Composable
fun ApprovalScreen(account: AccountKey?, approvalId: String?, scannedText: String?, onDone: () -> Unit) {
    SecureScreen()
    val graph = LocalContext.current.graph
    val model: ApprovalViewModel = viewModel {
        ApprovalViewModel(graph.registrations, graph.pendingLogins, account, approvalId, scannedText)
    }
    val approval by model.approval.collectAsStateWithLifecycle()
    val opening by model.work.busy.collectAsStateWithLifecycle()
    val openProblem by model.work.problem.collectAsStateWithLifecycle()

    ScreenScaffold(title = stringResource(R.string.approval_title), onBack = onDone) {
        ProblemMessage(openProblem)
        val flow = approval
        when {
            flow != null -> ApprovalContent(flow, model, onDone)
            opening -> CircularProgressIndicator()
            else -> ActionButton(stringResource(R.string.action_done), onClick = onDone)
        }
    }
}

@Composable
private fun ApprovalContent(flow: ApprovalFlow, model: ApprovalViewModel, onDone: () -> Unit) {
    val state by flow.state.collectAsStateWithLifecycle()
    val busy by flow.work.busy.collectAsStateWithLifecycle()
    val problem by flow.work.problem.collectAsStateWithLifecycle()
    ProblemMessage(problem)
    when (val current = state) {
        ApprovalState.Idle -> if (busy) CircularProgressIndicator()
        is ApprovalState.Showing -> ShowingApproval(current, busy, model)
        else -> {
            Outcome(current)
            ActionButton(stringResource(R.string.action_done), onClick = onDone)
        }
    }
}

@Composable
private fun ShowingApproval(showing: ApprovalState.Showing, busy: Boolean, model: ApprovalViewModel) {
    var code by rememberSaveable { mutableStateOf("") }
    var confirmingReport by rememberSaveable { mutableStateOf(false) }
    Text(stringResource(R.string.approval_question), style = MaterialTheme.typography.headlineSmall)
    LoginDetails(showing.context)
    if (showing.scanned) {
        ActionButton(stringResource(R.string.action_approve), onClick = model::approveScanned, busy = busy)
    } else {
        Text(stringResource(R.string.approval_type_code), style = MaterialTheme.typography.bodyLarge)
        if (showing.wrongCodes > 0u) {
            val wrong = showing.wrongCodes.toInt()
            StatusLine(pluralStringResource(R.plurals.approval_wrong_codes, wrong, wrong), Tone.BAD)
        }
        OutlinedTextField(
            value = code,
            onValueChange = { code = it.filter(Char::isLetterOrDigit) },
            label = { Text(stringResource(R.string.approval_code_label)) },
            singleLine = true,
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Number, imeAction = ImeAction.Done),
            keyboardActions = KeyboardActions(onDone = { if (code.isNotEmpty()) model.approve(code) }),
            modifier = Modifier.fillMaxWidth(),
        )
        ActionButton(
            stringResource(R.string.action_approve),
            onClick = { model.approve(code) },
            busy = busy,
            enabled = code.isNotEmpty(),
        )
    }
    ActionButton(stringResource(R.string.action_deny), onClick = model::deny, enabled = !busy, primary = false)
    ActionButton(stringResource(R.string.action_not_me), onClick = { confirmingReport = true }, enabled = !busy, primary = false)
    if (confirmingReport) {
        AlertDialog(
            onDismissRequest = { confirmingReport = false },
            title = { Text(stringResource(R.string.approval_report_title)) },
            text = { Text(stringResource(R.string.approval_report_explained)) },
            confirmButton = {
                TextButton(onClick = {
                    confirmingReport = false
                    model.report()
                }) { Text(stringResource(R.string.action_report)) }
            },
            dismissButton = {
                TextButton(onClick = { confirmingReport = false }) { Text(stringResource(R.string.action_cancel)) }
            },
        )
    }
}

@Composable
private fun LoginDetails(context: LoginContext) {
    ElevatedCard(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(16.dp)) {
            Heading(context.service)
            Detail(stringResource(R.string.approval_browser), stringResource(R.string.approval_browser_on_os, context.browser, context.os))
            Detail(
                stringResource(R.string.approval_location),
                context.country?.let { stringResource(R.string.approval_location_in_country, context.location, it) } ?: context.location,
            )
            Detail(stringResource(R.string.approval_address), context.ip)
            Detail(stringResource(R.string.approval_started), formatMoment(context.createdAt))
            Detail(stringResource(R.string.approval_expires), formatMoment(context.expiresAt))
        }
    }
}

@Composable
private fun Detail(label: String, value: String) {
    Column(Modifier.padding(top = 8.dp).semantics(mergeDescendants = true) { contentDescription = "$label: $value" }) {
        Text(label, style = MaterialTheme.typography.labelMedium)
        Text(value, style = MaterialTheme.typography.bodyLarge)
    }
}

@Composable
private fun Outcome(state: ApprovalState) {
    val (text, tone) = when (state) {
        ApprovalState.Approved -> R.string.approval_approved to Tone.GOOD
        ApprovalState.Denied -> R.string.approval_denied to Tone.NEUTRAL
        ApprovalState.Reported -> R.string.approval_reported to Tone.CAUTION
        ApprovalState.Expired -> R.string.approval_expired to Tone.NEUTRAL
        ApprovalState.TooManyWrongCodes -> R.string.approval_too_many_wrong_codes to Tone.BAD
        ApprovalState.Gone -> R.string.approval_gone to Tone.NEUTRAL
        ApprovalState.Untrusted -> R.string.approval_untrusted to Tone.BAD
        else -> R.string.approval_nothing to Tone.NEUTRAL
    }
    StatusLine(stringResource(text), tone)
}
