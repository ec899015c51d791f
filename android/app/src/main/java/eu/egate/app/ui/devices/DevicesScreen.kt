// Concern: the devices screen: the account's devices (this phone marked) to rename or remove,
// this phone's keys to renew, and the pushes it received lately.
package eu.egate.app.ui.devices

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.ElevatedCard
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.viewModel
import eu.egate.app.R
import eu.egate.app.state.AccountKey
import eu.egate.app.system.graph
import eu.egate.app.ui.common.ActionButton
import eu.egate.app.ui.common.Heading
import eu.egate.app.ui.common.ProblemMessage
import eu.egate.app.ui.common.ScreenScaffold
import eu.egate.app.ui.common.StatusLine
import eu.egate.app.ui.common.Tone
import eu.egate.app.ui.common.formatMoment
import eu.egate.app.ui.common.text
import eu.egate.core.AccountDevice
import eu.egate.core.PushStatus

private sealed interface Dialog {
    data class Rename(val device: AccountDevice) : Dialog
    data class Remove(val device: AccountDevice) : Dialog
    data object RenewKeys : Dialog
}

@Composable
fun DevicesScreen(account: AccountKey, onThisPhoneRemoved: () -> Unit, onBack: () -> Unit) {
    val graph = LocalContext.current.graph
    val model: DevicesViewModel = viewModel { DevicesViewModel(graph.registrations, account) }
    val devices by model.devices.collectAsStateWithLifecycle()
    val push by model.push.collectAsStateWithLifecycle()
    val keysRenewed by model.keysRenewed.collectAsStateWithLifecycle()
    val thisPhoneRemoved by model.thisPhoneRemoved.collectAsStateWithLifecycle()
    val busy by model.work.busy.collectAsStateWithLifecycle()
    val problem by model.work.problem.collectAsStateWithLifecycle()
    var dialog by remember { mutableStateOf<Dialog?>(null) }
    LaunchedEffect(thisPhoneRemoved) { if (thisPhoneRemoved) onThisPhoneRemoved() }

    ScreenScaffold(title = stringResource(R.string.devices_title), onBack = onBack) {
        ProblemMessage(problem)
        devices.forEach { device ->
            DeviceCard(device, onRename = { dialog = Dialog.Rename(device) }, onRemove = { dialog = Dialog.Remove(device) })
        }
        Heading(stringResource(R.string.devices_keys_heading))
        Text(stringResource(R.string.devices_keys_explained), style = MaterialTheme.typography.bodyMedium)
        if (keysRenewed) StatusLine(stringResource(R.string.devices_keys_renewed), Tone.GOOD)
        ActionButton(stringResource(R.string.action_renew_keys), onClick = { dialog = Dialog.RenewKeys }, busy = busy, primary = false)
        push?.let { PushSection(it) }
    }

    when (val shown = dialog) {
        null -> Unit
        is Dialog.Rename -> RenameDialog(shown.device, onDismiss = { dialog = null }) { name ->
            dialog = null
            model.rename(shown.device, name)
        }
        is Dialog.Remove -> Confirm(
            text = stringResource(if (shown.device.thisDevice) R.string.devices_confirm_remove_this else R.string.devices_confirm_remove, shown.device.name),
            action = stringResource(R.string.action_remove),
            onDismiss = { dialog = null },
        ) {
            dialog = null
            model.remove(shown.device)
        }
        Dialog.RenewKeys -> Confirm(
            text = stringResource(R.string.devices_confirm_renew_keys),
            action = stringResource(R.string.action_renew_keys),
            onDismiss = { dialog = null },
        ) {
            dialog = null
            model.renewKeys()
        }
    }
}

@Composable
private fun DeviceCard(device: AccountDevice, onRename: () -> Unit, onRemove: () -> Unit) {
    ElevatedCard(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(16.dp)) {
            Heading(device.name)
            if (device.thisDevice) Text(stringResource(R.string.devices_this_phone), style = MaterialTheme.typography.labelLarge)
            Text(stringResource(device.protection.text()), style = MaterialTheme.typography.bodyMedium)
            Text(stringResource(R.string.devices_registered_at, formatMoment(device.createdAt)), style = MaterialTheme.typography.bodyMedium)
            val rename = stringResource(R.string.action_rename)
            val remove = stringResource(R.string.action_remove)
            Row {
                TextButton(onClick = onRename, modifier = Modifier.semantics { contentDescription = "$rename, ${device.name}" }) {
                    Text(rename)
                }
                TextButton(onClick = onRemove, modifier = Modifier.semantics { contentDescription = "$remove, ${device.name}" }) {
                    Text(remove)
                }
            }
        }
    }
}

@Composable
private fun PushSection(status: PushStatus) {
    Heading(stringResource(R.string.devices_push_heading))
    val provider = status.provider
    if (provider == null) {
        StatusLine(stringResource(R.string.devices_push_none), Tone.CAUTION)
    } else {
        StatusLine(stringResource(R.string.devices_push_provider, provider), Tone.NEUTRAL)
    }
    status.recent.forEach { delivery ->
        val delivered = delivery.outcome == "delivered"
        StatusLine(
            stringResource(
                if (delivered) R.string.devices_push_delivered else R.string.devices_push_not_delivered,
                formatMoment(delivery.at),
            ),
            if (delivered) Tone.GOOD else Tone.CAUTION,
        )
    }
}

@Composable
private fun RenameDialog(device: AccountDevice, onDismiss: () -> Unit, onRename: (String) -> Unit) {
    var name by remember { mutableStateOf(device.name) }
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text(stringResource(R.string.devices_rename_title)) },
        text = {
            OutlinedTextField(
                value = name,
                onValueChange = { name = it },
                label = { Text(stringResource(R.string.add_account_name_label)) },
                singleLine = true,
            )
        },
        confirmButton = {
            TextButton(onClick = { onRename(name.trim()) }, enabled = name.isNotBlank()) { Text(stringResource(R.string.action_rename)) }
        },
        dismissButton = { TextButton(onClick = onDismiss) { Text(stringResource(R.string.action_cancel)) } },
    )
}

@Composable
private fun Confirm(text: String, action: String, onDismiss: () -> Unit, onConfirm: () -> Unit) {
    AlertDialog(
        onDismissRequest = onDismiss,
        text = { Text(text) },
        confirmButton = { TextButton(onClick = onConfirm) { Text(action) } },
        dismissButton = { TextButton(onClick = onDismiss) { Text(stringResource(R.string.action_cancel)) } },
    )
}
