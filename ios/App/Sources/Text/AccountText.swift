// The localised texts of an account's data that come as codes: notices, key protection, push delivery.

import EgateCore
import Foundation

enum AccountText {
    /// A notice's detail in words: a device name as is, a count in a sentence, nothing else.
    static func noticeDetail(_ notice: AccountNotice) -> String? {
        let detail = notice.detail
        guard !detail.isEmpty else { return nil }
        switch notice.kind {
        case "device_registered", "device_removed", "device_transferred": return detail
        case "backup_code_used", "backup_codes_low": return String(localized: "notice.detail.codesLeft \(detail)")
        case "two_factor_off": return String(localized: "notice.detail.devicesRemoved \(detail)")
        default: return nil
        }
    }

    static func notice(_ kind: String) -> String {
        switch kind {
        case "device_registered": String(localized: "notice.deviceRegistered")
        case "device_removed": String(localized: "notice.deviceRemoved")
        case "device_keys_rotated": String(localized: "notice.deviceKeysRotated")
        case "device_transferred": String(localized: "notice.deviceTransferred")
        case "password_changed": String(localized: "notice.passwordChanged")
        case "two_factor_on": String(localized: "notice.twoFactorOn")
        case "two_factor_off": String(localized: "notice.twoFactorOff")
        case "backup_codes_created": String(localized: "notice.backupCodesCreated")
        case "backup_codes_deleted": String(localized: "notice.backupCodesDeleted")
        case "backup_code_used": String(localized: "notice.backupCodeUsed")
        case "backup_codes_low": String(localized: "notice.backupCodesLow")
        case "not_me_reported": String(localized: "notice.notMeReported")
        case "phone_verified_with_id": String(localized: "notice.phoneVerified")
        case "id_verification_refused": String(localized: "notice.idVerificationRefused")
        default: String(localized: "notice.other")
        }
    }

    static func protection(_ protection: KeyProtection) -> String {
        switch protection {
        case .attestedStrongbox: String(localized: "protection.strongbox")
        case .attestedTee: String(localized: "protection.tee")
        case .attestedSecureEnclave: String(localized: "protection.secureEnclave")
        case .claimedHardware: String(localized: "protection.hardware")
        case .software: String(localized: "protection.software")
        }
    }

    /// Where pushes go; nil when the gateway has none and the app pulls instead.
    static func pushProvider(_ provider: String?) -> String {
        switch provider {
        case "apns"?: String(localized: "push.provider.apns")
        case "fcm"?: String(localized: "push.provider.fcm")
        case "unifiedpush"?: String(localized: "push.provider.unifiedPush")
        case "outbox"?: String(localized: "push.provider.outbox")
        case nil: String(localized: "push.provider.none")
        default: String(localized: "push.provider.other")
        }
    }

    static func delivery(_ outcome: String) -> String {
        outcome == "delivered" ? String(localized: "push.delivered") : String(localized: "push.notDelivered")
    }

    static func twoFactorChange(_ change: TwoFactorChange) -> String {
        if change.enabled {
            return String(localized: "security.twoFactorOn")
        }
        return String(localized: "security.twoFactorOff \(Int(change.devicesRemoved))")
    }
}
