// Concern: the mapping of the core's failures and the gateway's stable refusal codes to the
// problems the screens have texts for; an unknown code gets the generic refusal.
package eu.egate.app.state

import eu.egate.core.CardReadException
import eu.egate.core.GatewayFailure
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNotEquals
import org.junit.Test

class ProblemTest {
    /** Every code gateway/src/error.rs and the ID verification refusals answer with. */
    private val knownCodes = listOf(
        "invalid_credentials", "password_login_blocked", "throttled", "login_required",
        "password_change_required", "second_factor_required", "device_approval_required", "weak_password",
        "no_phone", "sms_limit", "sms_code_invalid", "registration_token_invalid", "invalid_key",
        "attestation_required", "device_not_found", "id_verification_not_found", "document_mismatch",
        "no_trust_store", "approval_wait", "challenge_not_found", "qr_not_valid", "backup_code_invalid",
        "approval_code_wrong", "invalid_approval", "account_blocked", "attestation_invalid",
        "attestation_untrusted", "clock_skew", "invalid_signature", "unknown_key", "wrong_key_role",
        "replayed_request", "account_exists",
        "unsupported_version", "untrusted_issuer", "not_genuine", "unsigned_file", "document_expired",
        "dg1_malformed", "challenge_mismatch", "active_authentication_invalid", "active_authentication_missing",
        "chip_presence_unproven", "chip_authentication_unavailable", "chip_authentication_failed",
        "chip_data_mismatch",
    )

    @Test
    fun everyKnownCodeHasItsOwnProblem() {
        knownCodes.forEach { code -> assertNotEquals(code, Problem.GATEWAY_REFUSED, problemOfRefusal(code)) }
    }

    @Test
    fun anUnknownCodeIsAGenericRefusal() {
        assertEquals(Problem.GATEWAY_REFUSED, problemOfRefusal("a_code_from_the_future"))
        assertEquals(Problem.GATEWAY_REFUSED, problemOfRefusal("internal"))
    }

    @Test
    fun aRefusalKeepsItsRetryAfter() {
        assertEquals(
            ProblemReport(Problem.SMS_LIMIT, 600),
            problemOf(GatewayFailure.Refused("sms_limit", "too many", 600)),
        )
    }

    @Test
    fun gatewayFailuresMapByKind() {
        assertEquals(Problem.OFFLINE, problemOf(GatewayFailure.Offline("no route")).problem)
        assertEquals(Problem.GATEWAY_UNTRUSTED, problemOf(GatewayFailure.Untrusted("bad key")).problem)
        assertEquals(Problem.USER_CANCELLED, problemOf(GatewayFailure.UserCancelled()).problem)
        assertEquals(Problem.KEY_INVALIDATED, problemOf(GatewayFailure.KeyInvalidated()).problem)
        assertEquals(Problem.KEY_STORE, problemOf(GatewayFailure.KeyStore("no biometrics")).problem)
        assertEquals(Problem.INVALID_INPUT, problemOf(GatewayFailure.InvalidInput("not a login code")).problem)
        assertEquals(Problem.NOT_NOW, problemOf(GatewayFailure.NotNow("approve")).problem)
        assertEquals(Problem.CANCELLED, problemOf(GatewayFailure.Cancelled()).problem)
        assertEquals(Problem.FAILED, problemOf(GatewayFailure.Failed("store")).problem)
    }

    @Test
    fun cardFailuresMapByKind() {
        assertEquals(Problem.WRONG_CARD_CREDENTIALS, problemOf(CardReadException.WrongCredentials()).problem)
        assertEquals(Problem.CARD_INPUT_INVALID, problemOf(CardReadException.InvalidInput("date_of_birth")).problem)
        assertEquals(Problem.CARD_LOST, problemOf(CardReadException.CardLost("tag lost")).problem)
        assertEquals(Problem.DIFFERENT_DOCUMENT, problemOf(CardReadException.DifferentDocument()).problem)
        assertEquals(Problem.CANCELLED, problemOf(CardReadException.Cancelled()).problem)
        assertEquals(Problem.CARD_UNREADABLE, problemOf(CardReadException.Unreadable("6F00")).problem)
    }

    @Test
    fun anythingElseIsUnexpected() {
        assertEquals(Problem.UNEXPECTED, problemOf(IllegalStateException("bug")).problem)
    }
}
