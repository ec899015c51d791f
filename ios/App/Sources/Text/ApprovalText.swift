// The localised texts and symbols of the approval states that end an approval.

import EgateCore
import SwiftUI

/// How a finished approval is shown: a symbol and a sentence (never colour alone).
struct ApprovalOutcome {
    let symbol: String
    let text: String
    let tint: Color

    /// The outcome of `state`; nil while the login is still shown for a decision.
    init?(_ state: ApprovalState) {
        switch state {
        case .showing:
            return nil
        case .idle:
            self.init("tray", String(localized: "approval.idle"), .secondary)
        case .approved:
            self.init("checkmark.circle.fill", String(localized: "approval.approved"), .green)
        case .denied:
            self.init("xmark.circle.fill", String(localized: "approval.denied"), .secondary)
        case .reported:
            self.init("exclamationmark.shield.fill", String(localized: "approval.reported"), .orange)
        case .expired:
            self.init("clock.badge.xmark", String(localized: "approval.expired"), .secondary)
        case .tooManyWrongCodes:
            self.init("xmark.octagon.fill", String(localized: "approval.tooManyWrongCodes"), .red)
        case .gone:
            self.init("tray", String(localized: "approval.gone"), .secondary)
        case .untrusted:
            self.init("exclamationmark.triangle.fill", String(localized: "approval.untrusted"), .red)
        }
    }

    private init(_ symbol: String, _ text: String, _ tint: Color) {
        self.symbol = symbol
        self.text = text
        self.tint = tint
    }
}
