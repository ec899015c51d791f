// The localised texts of a card read: its phases, the authenticity verdicts and how the chip proved itself.

import EgateCore
import SwiftUI

/// A verdict shown as a symbol and a sentence, with a tint that only repeats them.
struct Verdict {
    let symbol: String
    let text: String
    let tint: Color
}

enum CardText {
    /// What the read is doing now, for the screen.
    static func phase(_ progress: ReadProgress) -> String {
        if progress.resumed { return String(localized: "read.resumed") }
        switch progress.phase {
        case "card_access"?: return String(localized: "read.cardAccess")
        case "access_control"?: return String(localized: "read.accessControl")
        case "confirming_document"?: return String(localized: "read.confirmingDocument")
        case "chip_authentication"?, "active_authentication"?: return String(localized: "read.chipCheck")
        case "DG2"?: return String(localized: "read.photo")
        case let file?: return String(localized: "read.file \(file)")
        case nil: return String(localized: "read.reading")
        }
    }

    /// The NFC sheet's line: the phase and, while a file is read, its percentage.
    static func sheetMessage(_ progress: ReadProgress) -> String {
        guard let fraction = progress.fraction else { return phase(progress) }
        return String(localized: "read.sheetProgress \(phase(progress)) \(Int(fraction * 100))")
    }

    /// Passive authentication: whether the data was signed by the issuer.
    static func passive(_ verdict: String) -> Verdict {
        switch verdict {
        case "valid":
            Verdict(symbol: "checkmark.seal.fill", text: String(localized: "verdict.passive.valid"), tint: .green)
        case "invalid":
            Verdict(symbol: "xmark.seal.fill", text: String(localized: "verdict.passive.invalid"), tint: .red)
        case "untrusted":
            Verdict(symbol: "exclamationmark.triangle.fill", text: String(localized: "verdict.passive.untrusted"), tint: .orange)
        case "not_performed":
            Verdict(symbol: "questionmark.circle", text: String(localized: "verdict.passive.notPerformed"), tint: .secondary)
        default:
            Verdict(symbol: "questionmark.circle", text: String(localized: "verdict.unknown"), tint: .secondary)
        }
    }

    /// The chip check: whether the chip is genuine (not a copy).
    static func chip(_ verdict: String) -> Verdict {
        switch verdict {
        case "valid":
            Verdict(symbol: "checkmark.shield.fill", text: String(localized: "verdict.chip.valid"), tint: .green)
        case "invalid":
            Verdict(symbol: "xmark.shield.fill", text: String(localized: "verdict.chip.invalid"), tint: .red)
        case "unverified", "unverified_key":
            Verdict(symbol: "exclamationmark.shield", text: String(localized: "verdict.chip.unverified"), tint: .orange)
        case "not_supported":
            Verdict(symbol: "minus.circle", text: String(localized: "verdict.chip.notSupported"), tint: .secondary)
        default:
            Verdict(symbol: "questionmark.circle", text: String(localized: "verdict.unknown"), tint: .secondary)
        }
    }

    /// A failed check's code.
    static func reason(_ code: String) -> String {
        switch code {
        case "data_group_hash_mismatch", "message_digest_mismatch": String(localized: "reason.dataAltered")
        case "csca_unknown", "no_trust_store": String(localized: "reason.issuerUnknown")
        case "certificate_expired", "certificate_not_yet_valid": String(localized: "reason.certificateDates")
        case "revoked": String(localized: "reason.revoked")
        case "signature_invalid", "certificate_signature_invalid": String(localized: "reason.signatureInvalid")
        default: String(localized: "reason.other")
        }
    }

    /// The MRZ's sex code (`F`, `M`, `<` or `X`) in words.
    static func sex(_ code: String) -> String {
        switch code {
        case "F": String(localized: "sex.female")
        case "M": String(localized: "sex.male")
        default: String(localized: "sex.unspecified")
        }
    }

    /// How an ID verification established that the chip was on the phone.
    static func chipPresence(_ code: String) -> String {
        switch code {
        case "active_authentication": String(localized: "presence.activeAuthentication")
        case "chip_authentication": String(localized: "presence.chipAuthentication")
        case "client_asserted": String(localized: "presence.clientAsserted")
        default: String(localized: "presence.other")
        }
    }
}
