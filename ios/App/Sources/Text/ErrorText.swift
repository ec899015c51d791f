// The localised text of each failure the core and the platform report.

import EgateCore
import EgatePlatform
import Foundation

/// Maps typed failures to the app's own texts; the core's English reasons are never shown.
enum ErrorText {
    /// The text to show, or nil for a failure the person caused on purpose (a closed prompt or
    /// NFC sheet, a cancelled call).
    static func message(for error: Error) -> String? {
        switch error {
        case let failure as GatewayFailure: gateway(failure)
        case let failure as CardReadError: card(failure)
        case let failure as NfcSessionError: nfc(failure)
        case is CancellationError: nil
        default: String(localized: "error.generic")
        }
    }

    private static func gateway(_ failure: GatewayFailure) -> String? {
        switch failure {
        case .Offline: String(localized: "error.offline")
        case let .Refused(code, _, retryAfter): RefusalText.message(code: code, retryAfter: retryAfter)
        case .Untrusted: String(localized: "error.untrusted")
        case .KeyInvalidated: String(localized: "error.keyInvalidated")
        case .KeyStore: String(localized: "error.keyStore")
        case .InvalidInput: String(localized: "error.invalidInput")
        case .NotNow: String(localized: "error.notNow")
        case .Failed: String(localized: "error.generic")
        case .UserCancelled, .Cancelled: nil
        }
    }

    private static func card(_ failure: CardReadError) -> String? {
        switch failure {
        case .WrongCredentials: String(localized: "card.error.wrongCredentials")
        case .InvalidInput: String(localized: "card.error.invalidInput")
        case .CardLost: String(localized: "card.error.lost")
        case .DifferentDocument: String(localized: "card.error.differentDocument")
        case .Unreadable: String(localized: "card.error.unreadable")
        case .Cancelled: nil
        }
    }

    private static func nfc(_ failure: NfcSessionError) -> String? {
        switch failure {
        case .cancelled: nil
        case .timedOut: String(localized: "nfc.error.timedOut")
        case .unavailable: String(localized: "nfc.error.unavailable")
        case .failed: String(localized: "nfc.error.failed")
        }
    }
}
