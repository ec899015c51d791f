// Concern: the core's typed failures and the gateway's stable refusal codes, as the problems the
// screens have a localised text for; a code this build does not know gets a generic problem.
package eu.egate.app.state

import eu.egate.core.CardReadException
import eu.egate.core.GatewayFailure
import eu.egate.core.QrScanException

enum class Problem {
    OFFLINE,
    GATEWAY_UNTRUSTED,
    USER_CANCELLED,
    KEY_INVALIDATED,
    KEY_STORE,
    INVALID_INPUT,
    NOT_NOW,
    CANCELLED,
    FAILED,
    INVALID_CREDENTIALS,
    PASSWORD_LOGIN_BLOCKED,
    THROTTLED,
    SESSION_EXPIRED,
    PASSWORD_CHANGE_REQUIRED,
    SECOND_FACTOR_REQUIRED,
    WEAK_PASSWORD,
    NO_PHONE,
    SMS_LIMIT,
    SMS_CODE_INVALID,
    BACKUP_CODE_INVALID,
    APPROVAL_CODE_WRONG,
    ACCOUNT_BLOCKED,
    ACCOUNT_EXISTS,
    DEVICE_NOT_FOUND,
    DEVICE_NOT_REGISTERED,
    DEVICE_REJECTED,
    CLOCK_SKEW,
    ID_VERIFICATION_GONE,
    LOGIN_GONE,
    QR_NOT_VALID,
    NO_TRUST_STORE,
    APPROVAL_PENDING,
    APPROVAL_DENIED,
    APPROVAL_EXPIRED,
    DOCUMENT_MISMATCH,
    DOCUMENT_UNTRUSTED,
    DOCUMENT_NOT_GENUINE,
    DOCUMENT_EXPIRED,
    CHIP_NOT_PROVEN,
    CHIP_DATA_MISMATCH,
    GATEWAY_REFUSED,
    WRONG_CARD_CREDENTIALS,
    CARD_INPUT_INVALID,
    CARD_LOST,
    DIFFERENT_DOCUMENT,
    CARD_UNREADABLE,
    CAMERA_FRAME,
    UNEXPECTED,
}

/** A problem and, for a throttled step, when it may succeed. */
data class ProblemReport(val problem: Problem, val retryAfterSeconds: Long? = null)

/** The problem for the gateway's refusal [code] (or the ID verification's). */
fun problemOfRefusal(code: String): Problem = REFUSALS[code] ?: Problem.GATEWAY_REFUSED

fun problemOf(error: Throwable): ProblemReport = when (error) {
    is GatewayFailure.Refused -> ProblemReport(problemOfRefusal(error.code), error.retryAfter)
    is GatewayFailure -> ProblemReport(gatewayProblem(error))
    is CardReadException -> ProblemReport(cardProblem(error))
    is QrScanException -> ProblemReport(Problem.CAMERA_FRAME)
    else -> ProblemReport(Problem.UNEXPECTED)
}

private fun gatewayProblem(error: GatewayFailure): Problem = when (error) {
    is GatewayFailure.Offline -> Problem.OFFLINE
    is GatewayFailure.Untrusted -> Problem.GATEWAY_UNTRUSTED
    is GatewayFailure.UserCancelled -> Problem.USER_CANCELLED
    is GatewayFailure.KeyInvalidated -> Problem.KEY_INVALIDATED
    is GatewayFailure.KeyStore -> Problem.KEY_STORE
    is GatewayFailure.InvalidInput -> Problem.INVALID_INPUT
    is GatewayFailure.NotNow -> Problem.NOT_NOW
    is GatewayFailure.Cancelled -> Problem.CANCELLED
    is GatewayFailure.Failed -> Problem.FAILED
    is GatewayFailure.Refused -> problemOfRefusal(error.code)
}

private fun cardProblem(error: CardReadException): Problem = when (error) {
    is CardReadException.WrongCredentials -> Problem.WRONG_CARD_CREDENTIALS
    is CardReadException.InvalidInput -> Problem.CARD_INPUT_INVALID
    is CardReadException.CardLost -> Problem.CARD_LOST
    is CardReadException.DifferentDocument -> Problem.DIFFERENT_DOCUMENT
    is CardReadException.Cancelled -> Problem.CANCELLED
    is CardReadException.Unreadable -> Problem.CARD_UNREADABLE
}

private val REFUSALS: Map<String, Problem> = mapOf(
    "invalid_credentials" to Problem.INVALID_CREDENTIALS,
    "password_login_blocked" to Problem.PASSWORD_LOGIN_BLOCKED,
    "throttled" to Problem.THROTTLED,
    "login_required" to Problem.SESSION_EXPIRED,
    "password_change_required" to Problem.PASSWORD_CHANGE_REQUIRED,
    "second_factor_required" to Problem.SECOND_FACTOR_REQUIRED,
    "device_approval_required" to Problem.SECOND_FACTOR_REQUIRED,
    "weak_password" to Problem.WEAK_PASSWORD,
    "no_phone" to Problem.NO_PHONE,
    "sms_limit" to Problem.SMS_LIMIT,
    "sms_code_invalid" to Problem.SMS_CODE_INVALID,
    "backup_code_invalid" to Problem.BACKUP_CODE_INVALID,
    "approval_code_wrong" to Problem.APPROVAL_CODE_WRONG,
    "account_blocked" to Problem.ACCOUNT_BLOCKED,
    "account_exists" to Problem.ACCOUNT_EXISTS,
    "device_not_found" to Problem.DEVICE_NOT_FOUND,
    "unknown_key" to Problem.DEVICE_NOT_REGISTERED,
    "registration_token_invalid" to Problem.DEVICE_REJECTED,
    "invalid_key" to Problem.DEVICE_REJECTED,
    "attestation_required" to Problem.DEVICE_REJECTED,
    "attestation_invalid" to Problem.DEVICE_REJECTED,
    "attestation_untrusted" to Problem.DEVICE_REJECTED,
    "wrong_key_role" to Problem.DEVICE_REJECTED,
    "invalid_signature" to Problem.DEVICE_REJECTED,
    "replayed_request" to Problem.DEVICE_REJECTED,
    "clock_skew" to Problem.CLOCK_SKEW,
    "id_verification_not_found" to Problem.ID_VERIFICATION_GONE,
    "challenge_not_found" to Problem.LOGIN_GONE,
    "invalid_approval" to Problem.LOGIN_GONE,
    "qr_not_valid" to Problem.QR_NOT_VALID,
    "no_trust_store" to Problem.NO_TRUST_STORE,
    "approval_wait" to Problem.APPROVAL_PENDING,
    "document_mismatch" to Problem.DOCUMENT_MISMATCH,
    "untrusted_issuer" to Problem.DOCUMENT_UNTRUSTED,
    "not_genuine" to Problem.DOCUMENT_NOT_GENUINE,
    "unsigned_file" to Problem.DOCUMENT_NOT_GENUINE,
    "dg1_malformed" to Problem.DOCUMENT_NOT_GENUINE,
    "unsupported_version" to Problem.DOCUMENT_NOT_GENUINE,
    "document_expired" to Problem.DOCUMENT_EXPIRED,
    "challenge_mismatch" to Problem.CHIP_NOT_PROVEN,
    "active_authentication_invalid" to Problem.CHIP_NOT_PROVEN,
    "active_authentication_missing" to Problem.CHIP_NOT_PROVEN,
    "chip_presence_unproven" to Problem.CHIP_NOT_PROVEN,
    "chip_authentication_unavailable" to Problem.CHIP_NOT_PROVEN,
    "chip_authentication_failed" to Problem.CHIP_NOT_PROVEN,
    "chip_data_mismatch" to Problem.CHIP_DATA_MISMATCH,
)
