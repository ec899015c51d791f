// Concern: the core's stable codes (read phases, verdicts, failed checks, key protection, notice
// kinds, chip-presence methods) in the user's language; an unknown code gets a generic word.
package eu.egate.app.ui.common

import androidx.annotation.StringRes
import eu.egate.app.R
import eu.egate.app.state.FailedCheck
import eu.egate.app.state.ReadPhase
import eu.egate.app.state.Verdict
import eu.egate.core.KeyProtection

@StringRes
fun ReadPhase.text(): Int = when (this) {
    ReadPhase.CONNECTING -> R.string.read_phase_connecting
    ReadPhase.UNLOCKING -> R.string.read_phase_unlocking
    ReadPhase.CONFIRMING_DOCUMENT -> R.string.read_phase_confirming_document
    ReadPhase.CHECKING_CHIP -> R.string.read_phase_checking_chip
    ReadPhase.READING_DATA -> R.string.read_phase_reading_data
    ReadPhase.READING_PHOTO -> R.string.read_phase_reading_photo
}

@StringRes
fun Verdict.passiveText(): Int = when (this) {
    Verdict.VALID -> R.string.verdict_passive_valid
    Verdict.INVALID -> R.string.verdict_passive_invalid
    Verdict.UNTRUSTED -> R.string.verdict_passive_untrusted
    Verdict.NOT_PERFORMED -> R.string.verdict_passive_not_performed
    else -> R.string.verdict_unknown
}

@StringRes
fun Verdict.chipText(): Int = when (this) {
    Verdict.VALID -> R.string.verdict_chip_valid
    Verdict.INVALID -> R.string.verdict_chip_invalid
    Verdict.UNVERIFIED -> R.string.verdict_chip_unverified
    Verdict.NOT_SUPPORTED -> R.string.verdict_chip_not_supported
    else -> R.string.verdict_unknown
}

fun Verdict.tone(): Tone = when (this) {
    Verdict.VALID -> Tone.GOOD
    Verdict.INVALID -> Tone.BAD
    Verdict.UNTRUSTED, Verdict.UNVERIFIED -> Tone.CAUTION
    else -> Tone.NEUTRAL
}

@StringRes
fun FailedCheck.text(): Int = when (this) {
    FailedCheck.ISSUER_UNKNOWN -> R.string.failed_check_issuer_unknown
    FailedCheck.DATA_ALTERED -> R.string.failed_check_data_altered
    FailedCheck.SECURITY_DATA_DAMAGED -> R.string.failed_check_security_data_damaged
    FailedCheck.CERTIFICATE_OUT_OF_DATE -> R.string.failed_check_certificate_out_of_date
    FailedCheck.REVOKED -> R.string.failed_check_revoked
    FailedCheck.OTHER -> R.string.failed_check_other
}

@StringRes
fun KeyProtection.text(): Int = when (this) {
    KeyProtection.ATTESTED_STRONGBOX -> R.string.protection_strongbox
    KeyProtection.ATTESTED_TEE -> R.string.protection_tee
    KeyProtection.ATTESTED_SECURE_ENCLAVE -> R.string.protection_secure_enclave
    KeyProtection.CLAIMED_HARDWARE -> R.string.protection_claimed_hardware
    KeyProtection.SOFTWARE -> R.string.protection_software
}

@StringRes
fun noticeText(kind: String): Int = when (kind) {
    "device_registered" -> R.string.notice_device_registered
    "device_removed" -> R.string.notice_device_removed
    "device_keys_rotated" -> R.string.notice_keys_rotated
    "device_transferred" -> R.string.notice_device_transferred
    "password_changed" -> R.string.notice_password_changed
    "two_factor_on" -> R.string.notice_two_factor_on
    "two_factor_off" -> R.string.notice_two_factor_off
    "backup_codes_created" -> R.string.notice_backup_codes_created
    "backup_codes_deleted" -> R.string.notice_backup_codes_deleted
    "backup_code_used" -> R.string.notice_backup_code_used
    "backup_codes_low" -> R.string.notice_backup_codes_low
    "phone_verified_with_id" -> R.string.notice_phone_verified_with_id
    "id_verification_refused" -> R.string.notice_id_verification_refused
    "not_me_reported" -> R.string.notice_not_me_reported
    else -> R.string.notice_other
}

@StringRes
fun chipPresenceText(method: String): Int = when (method) {
    "active_authentication" -> R.string.chip_presence_active_authentication
    "chip_authentication" -> R.string.chip_presence_chip_authentication
    else -> R.string.chip_presence_other
}

@StringRes
fun sexText(code: String): Int = when (code) {
    "F" -> R.string.sex_female
    "M" -> R.string.sex_male
    else -> R.string.sex_unspecified
}
