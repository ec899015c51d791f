// The localised text of how a login's device approval ended, which the core reports as a code.

import Foundation

enum SignInText {
    /// Why a login's device approval ended without letting it in.
    static func approvalOutcome(_ state: String) -> String {
        switch state {
        case "denied": String(localized: "signIn.outcome.denied")
        case "reported": String(localized: "signIn.outcome.reported")
        case "expired": String(localized: "signIn.outcome.expired")
        case "cancelled": String(localized: "signIn.outcome.cancelled")
        default: String(localized: "error.generic")
        }
    }
}
