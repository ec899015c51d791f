// Concern: the core's authenticity verdicts and failed-check codes as the words the document
// screen shows; an unknown code gets a generic word.
package eu.egate.app.state

enum class Verdict { VALID, INVALID, UNTRUSTED, NOT_PERFORMED, UNVERIFIED, NOT_SUPPORTED, UNKNOWN }

fun verdictOf(code: String): Verdict = when (code) {
    "valid" -> Verdict.VALID
    "invalid" -> Verdict.INVALID
    "untrusted" -> Verdict.UNTRUSTED
    "not_performed" -> Verdict.NOT_PERFORMED
    "unverified", "unverified_key" -> Verdict.UNVERIFIED
    "not_supported" -> Verdict.NOT_SUPPORTED
    else -> Verdict.UNKNOWN
}

enum class FailedCheck { ISSUER_UNKNOWN, DATA_ALTERED, SECURITY_DATA_DAMAGED, CERTIFICATE_OUT_OF_DATE, REVOKED, OTHER }

fun failedCheckOf(code: String): FailedCheck = when (code) {
    "csca_unknown", "no_trust_store" -> FailedCheck.ISSUER_UNKNOWN
    "data_group_hash_mismatch", "message_digest_mismatch", "signature_invalid",
    "certificate_signature_invalid", "content_type_mismatch" -> FailedCheck.DATA_ALTERED
    "no_sod", "sod_malformed", "signed_data_malformed", "signer_count", "signer_certificate_missing",
    "signer_certificate_malformed", "signed_attributes_missing", "issuer_not_ca" -> FailedCheck.SECURITY_DATA_DAMAGED
    "certificate_expired", "certificate_not_yet_valid" -> FailedCheck.CERTIFICATE_OUT_OF_DATE
    "revoked" -> FailedCheck.REVOKED
    else -> FailedCheck.OTHER
}
