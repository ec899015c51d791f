// Concern: each problem the core can report, in the user's language, and the line that shows it.
package eu.egate.app.ui.common

import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Column
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.pluralStringResource
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import eu.egate.app.R
import eu.egate.app.state.Problem
import eu.egate.app.state.ProblemReport

@StringRes
fun Problem.text(): Int = when (this) {
    Problem.OFFLINE -> R.string.problem_offline
    Problem.GATEWAY_UNTRUSTED -> R.string.problem_gateway_untrusted
    Problem.USER_CANCELLED -> R.string.problem_user_cancelled
    Problem.KEY_INVALIDATED -> R.string.problem_key_invalidated
    Problem.KEY_STORE -> R.string.problem_key_store
    Problem.INVALID_INPUT -> R.string.problem_invalid_input
    Problem.NOT_NOW -> R.string.problem_not_now
    Problem.CANCELLED -> R.string.problem_cancelled
    Problem.FAILED -> R.string.problem_failed
    Problem.INVALID_CREDENTIALS -> R.string.problem_invalid_credentials
    Problem.PASSWORD_LOGIN_BLOCKED -> R.string.problem_password_login_blocked
    Problem.THROTTLED -> R.string.problem_throttled
    Problem.SESSION_EXPIRED -> R.string.problem_session_expired
    Problem.PASSWORD_CHANGE_REQUIRED -> R.string.problem_password_change_required
    Problem.SECOND_FACTOR_REQUIRED -> R.string.problem_second_factor_required
    Problem.WEAK_PASSWORD -> R.string.problem_weak_password
    Problem.NO_PHONE -> R.string.problem_no_phone
    Problem.SMS_LIMIT -> R.string.problem_sms_limit
    Problem.SMS_CODE_INVALID -> R.string.problem_sms_code_invalid
    Problem.BACKUP_CODE_INVALID -> R.string.problem_backup_code_invalid
    Problem.APPROVAL_CODE_WRONG -> R.string.problem_approval_code_wrong
    Problem.ACCOUNT_BLOCKED -> R.string.problem_account_blocked
    Problem.ACCOUNT_EXISTS -> R.string.problem_account_exists
    Problem.DEVICE_NOT_FOUND -> R.string.problem_device_not_found
    Problem.DEVICE_NOT_REGISTERED -> R.string.problem_device_not_registered
    Problem.DEVICE_REJECTED -> R.string.problem_device_rejected
    Problem.CLOCK_SKEW -> R.string.problem_clock_skew
    Problem.ID_VERIFICATION_GONE -> R.string.problem_id_verification_gone
    Problem.LOGIN_GONE -> R.string.problem_login_gone
    Problem.QR_NOT_VALID -> R.string.problem_qr_not_valid
    Problem.NO_TRUST_STORE -> R.string.problem_no_trust_store
    Problem.APPROVAL_PENDING -> R.string.problem_approval_pending
    Problem.APPROVAL_DENIED -> R.string.problem_approval_denied
    Problem.APPROVAL_EXPIRED -> R.string.problem_approval_expired
    Problem.DOCUMENT_MISMATCH -> R.string.problem_document_mismatch
    Problem.DOCUMENT_UNTRUSTED -> R.string.problem_document_untrusted
    Problem.DOCUMENT_NOT_GENUINE -> R.string.problem_document_not_genuine
    Problem.DOCUMENT_EXPIRED -> R.string.problem_document_expired
    Problem.CHIP_NOT_PROVEN -> R.string.problem_chip_not_proven
    Problem.CHIP_DATA_MISMATCH -> R.string.problem_chip_data_mismatch
    Problem.GATEWAY_REFUSED -> R.string.problem_gateway_refused
    Problem.WRONG_CARD_CREDENTIALS -> R.string.problem_wrong_card_credentials
    Problem.CARD_INPUT_INVALID -> R.string.problem_card_input_invalid
    Problem.CARD_LOST -> R.string.problem_card_lost
    Problem.DIFFERENT_DOCUMENT -> R.string.problem_different_document
    Problem.CARD_UNREADABLE -> R.string.problem_card_unreadable
    Problem.CAMERA_FRAME -> R.string.problem_camera_frame
    Problem.UNEXPECTED -> R.string.problem_unexpected
}

/** The problem a step ended with, announced to TalkBack as it appears. */
@Composable
fun ProblemMessage(report: ProblemReport?, modifier: Modifier = Modifier) {
    report ?: return
    val quiet = report.problem == Problem.USER_CANCELLED || report.problem == Problem.CANCELLED
    Column(modifier.semantics { liveRegion = LiveRegionMode.Polite }) {
        StatusLine(stringResource(report.problem.text()), if (quiet) Tone.NEUTRAL else Tone.BAD)
        report.retryAfterSeconds?.takeIf { it > 0 }?.let { seconds ->
            val minutes = ((seconds + 59) / 60).toInt()
            StatusLine(pluralStringResource(R.plurals.problem_retry_after_minutes, minutes, minutes), Tone.NEUTRAL)
        }
    }
}
