// Concern: asking for what opens the chip: the card access number, or the MRZ's document number
// and dates — typed, or scanned with the camera where the phone has one. The core judges them.
package eu.egate.app.ui.card

import android.content.pm.PackageManager
import androidx.annotation.StringRes
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.SegmentedButton
import androidx.compose.material3.SegmentedButtonDefaults
import androidx.compose.material3.SingleChoiceSegmentedButtonRow
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardCapitalization
import androidx.compose.ui.text.input.KeyboardType
import eu.egate.app.R
import eu.egate.app.state.CardCredentials
import eu.egate.app.ui.common.ActionButton
import eu.egate.app.ui.common.StatusLine
import eu.egate.app.ui.common.Tone

@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun CredentialsForm(busy: Boolean, onSubmit: (CardCredentials) -> Unit) {
    val context = LocalContext.current
    val hasCamera = remember(context) { context.packageManager.hasSystemFeature(PackageManager.FEATURE_CAMERA_ANY) }
    var useCan by rememberSaveable { mutableStateOf(true) }
    var can by rememberSaveable { mutableStateOf("") }
    var documentNumber by rememberSaveable { mutableStateOf("") }
    var dateOfBirth by rememberSaveable { mutableStateOf("") }
    var dateOfExpiry by rememberSaveable { mutableStateOf("") }
    var scanning by rememberSaveable { mutableStateOf(false) }
    var scannerUnavailable by rememberSaveable { mutableStateOf(false) }

    if (scanning) {
        MrzScanner(
            onScanned = {
                documentNumber = it.documentNumber
                dateOfBirth = it.dateOfBirth
                dateOfExpiry = it.dateOfExpiry
                scanning = false
            },
            onUnavailable = {
                scannerUnavailable = true
                scanning = false
            },
            onClose = { scanning = false },
        )
        return
    }

    SingleChoiceSegmentedButtonRow(Modifier.fillMaxWidth()) {
        SegmentedButton(
            selected = useCan,
            onClick = { useCan = true },
            shape = SegmentedButtonDefaults.itemShape(index = 0, count = 2),
        ) { Text(stringResource(R.string.credentials_can_tab)) }
        SegmentedButton(
            selected = !useCan,
            onClick = { useCan = false },
            shape = SegmentedButtonDefaults.itemShape(index = 1, count = 2),
        ) { Text(stringResource(R.string.credentials_mrz_tab)) }
    }
    if (useCan) {
        Text(stringResource(R.string.credentials_can_explained), style = MaterialTheme.typography.bodyMedium)
        OutlinedTextField(
            value = can,
            onValueChange = { can = it.filter(Char::isDigit) },
            label = { Text(stringResource(R.string.credentials_can_label)) },
            singleLine = true,
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.NumberPassword, imeAction = ImeAction.Done),
            modifier = Modifier.fillMaxWidth(),
        )
        ActionButton(
            text = stringResource(R.string.action_continue),
            busy = busy,
            enabled = can.isNotEmpty(),
            onClick = { onSubmit(CardCredentials.Can(can)) },
        )
    } else {
        Text(stringResource(R.string.credentials_mrz_explained), style = MaterialTheme.typography.bodyMedium)
        if (hasCamera && !scannerUnavailable) {
            ActionButton(text = stringResource(R.string.action_scan_mrz), onClick = { scanning = true }, primary = false)
        }
        if (scannerUnavailable) StatusLine(stringResource(R.string.mrz_scanner_unavailable), Tone.NEUTRAL)
        OutlinedTextField(
            value = documentNumber,
            onValueChange = { documentNumber = it.trim() },
            label = { Text(stringResource(R.string.credentials_document_number_label)) },
            singleLine = true,
            keyboardOptions = KeyboardOptions(
                capitalization = KeyboardCapitalization.Characters,
                keyboardType = KeyboardType.Ascii,
                imeAction = ImeAction.Next,
            ),
            modifier = Modifier.fillMaxWidth(),
        )
        DateField(dateOfBirth, { dateOfBirth = it }, R.string.credentials_date_of_birth_label, ImeAction.Next)
        DateField(dateOfExpiry, { dateOfExpiry = it }, R.string.credentials_date_of_expiry_label, ImeAction.Done)
        ActionButton(
            text = stringResource(R.string.action_continue),
            busy = busy,
            enabled = documentNumber.isNotEmpty() && dateOfBirth.isNotEmpty() && dateOfExpiry.isNotEmpty(),
            onClick = { onSubmit(CardCredentials.Mrz(documentNumber, dateOfBirth, dateOfExpiry)) },
        )
    }
}

@Composable
private fun DateField(value: String, onValueChange: (String) -> Unit, @StringRes label: Int, imeAction: ImeAction) {
    OutlinedTextField(
        value = value,
        onValueChange = { onValueChange(it.filter(Char::isDigit)) },
        label = { Text(stringResource(label)) },
        supportingText = { Text(stringResource(R.string.credentials_date_format)) },
        singleLine = true,
        keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Number, imeAction = imeAction),
        modifier = Modifier.fillMaxWidth(),
    )
}
