// The localised text of each stable refusal code of the gateway (and of an ID verification's refusal).

import Foundation

/// One text per code or family of codes; a code this app does not know gets the generic text.
enum RefusalText {
    static func message(code: String, retryAfter: Int64? = nil) -> String {
        let text = message(code: code)
        guard let retryAfter, retryAfter > 0 else { return text }
        let wait = Duration.seconds(retryAfter).formatted(.units(allowed: [.hours, .minutes, .seconds], width: .wide))
        return text + " " + String(localized: "refusal.retryAfter \(wait)")
    }

    private static func message(code: String) -> String {
        switch code {
        case "invalid_credentials":
            String(localized: "refusal.invalidCredentials")
        case "password_login_blocked":
            String(localized: "refusal.passwordLoginBlocked")
        case "throttled", "approval_wait":
            String(localized: "refusal.throttled")
        case "sms_limit":
            String(localized: "refusal.smsLimit")
        case "account_blocked":
            String(localized: "refusal.accountBlocked")
        case "login_required":
            String(localized: "refusal.loginRequired")
        case "password_change_required":
            String(localized: "refusal.passwordChangeRequired")
        case "second_factor_required", "device_approval_required":
            String(localized: "refusal.secondFactorRequired")
        case "weak_password":
            String(localized: "refusal.weakPassword")
        case "no_phone":
            String(localized: "refusal.noPhone")
        case "sms_code_invalid":
            String(localized: "refusal.smsCodeInvalid")
        case "backup_code_invalid":
            String(localized: "refusal.backupCodeInvalid")
        case "approval_code_wrong":
            String(localized: "refusal.approvalCodeWrong")
        case "challenge_not_found":
            String(localized: "refusal.challengeGone")
        case "qr_not_valid":
            String(localized: "refusal.qrNotValid")
        case "id_verification_not_found":
            String(localized: "refusal.idVerificationGone")
        case "no_trust_store":
            String(localized: "refusal.noTrustStore")
        case "document_mismatch", "chip_data_mismatch":
            String(localized: "refusal.documentMismatch")
        case "untrusted_issuer":
            String(localized: "refusal.untrustedIssuer")
        case "not_genuine", "unsigned_file", "dg1_malformed", "unsupported_version":
            String(localized: "refusal.notGenuine")
        case "document_expired":
            String(localized: "refusal.documentExpired")
        case "challenge_mismatch", "active_authentication_invalid", "active_authentication_missing",
             "chip_presence_unproven", "chip_authentication_unavailable", "chip_authentication_failed":
            String(localized: "refusal.chipNotProven")
        case "device_not_found", "unknown_key", "wrong_key_role":
            String(localized: "refusal.deviceUnknown")
        case "invalid_key", "invalid_signature", "replayed_request", "registration_token_invalid",
             "attestation_required", "attestation_invalid", "attestation_untrusted":
            String(localized: "refusal.deviceRejected")
        case "clock_skew":
            String(localized: "refusal.clockSkew")
        case "account_exists":
            String(localized: "refusal.accountExists")
        default:
            String(localized: "refusal.generic")
        }
    }
}
