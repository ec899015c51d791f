// Concern: a document read from its chip: the face once its hash matched, the holder's data,
// and the verdicts on the document and the chip in words and icons.
package eu.egate.app.ui.card

import android.graphics.BitmapFactory
import androidx.annotation.StringRes
import androidx.compose.foundation.Image
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.widthIn
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.remember
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.asImageBitmap
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import eu.egate.app.R
import eu.egate.app.state.failedCheckOf
import eu.egate.app.state.verdictOf
import eu.egate.app.ui.common.Heading
import eu.egate.app.ui.common.StatusLine
import eu.egate.app.ui.common.Tone
import eu.egate.app.ui.common.chipText
import eu.egate.app.ui.common.formatIsoDate
import eu.egate.app.ui.common.passiveText
import eu.egate.app.ui.common.sexText
import eu.egate.app.ui.common.text
import eu.egate.app.ui.common.tone
import eu.egate.core.Document

/** Call from a screen that keeps the window secure. */
@Composable
fun DocumentView(document: Document) {
    document.face?.let { face ->
        val bitmap = remember(face) { BitmapFactory.decodeByteArray(face.bytes, 0, face.bytes.size)?.asImageBitmap() }
        bitmap?.let {
            Image(
                bitmap = it,
                contentDescription = stringResource(R.string.document_face_description),
                modifier = Modifier.widthIn(max = 180.dp),
            )
        }
    }
    Heading(stringResource(R.string.document_holder))
    Field(R.string.document_name, "${document.secondaryNames} ${document.primaryName}".trim())
    document.dateOfBirth?.let { Field(R.string.document_date_of_birth, formatIsoDate(it)) }
    document.sex?.let { Field(R.string.document_sex, stringResource(sexText(it))) }
    Field(R.string.document_nationality, document.nationality)
    document.personalNumber?.let { Field(R.string.document_personal_number, it) }
    document.placeOfBirth?.let { Field(R.string.document_place_of_birth, it) }
    document.address?.let { Field(R.string.document_address, it) }

    Heading(stringResource(R.string.document_document))
    Field(R.string.document_number, document.documentNumber)
    Field(R.string.document_issuing_state, document.issuingState)
    document.dateOfExpiry?.let { Field(R.string.document_date_of_expiry, formatIsoDate(it)) }

    Heading(stringResource(R.string.document_authenticity))
    val passive = verdictOf(document.authenticity.passive)
    StatusLine(stringResource(passive.passiveText()), passive.tone())
    val chip = verdictOf(document.authenticity.chip)
    StatusLine(stringResource(chip.chipText()), chip.tone())
    document.authenticity.reasons.map(::failedCheckOf).distinct().forEach { check ->
        StatusLine(stringResource(check.text()), Tone.BAD)
    }
    Text(
        stringResource(R.string.document_access_control, document.accessControl),
        style = MaterialTheme.typography.bodySmall,
    )
}

@Composable
private fun Field(@StringRes label: Int, value: String) {
    Column(Modifier.semantics(mergeDescendants = true) {}) {
        Text(stringResource(label), style = MaterialTheme.typography.labelMedium)
        Text(value, style = MaterialTheme.typography.bodyLarge)
    }
}
