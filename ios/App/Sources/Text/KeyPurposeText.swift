// The biometric prompt's reason for each purpose the core names, from the app's string catalog.

import EgateCore
import Foundation

enum KeyPurposeText {
    @Sendable static func reason(_ purpose: KeyPurpose) -> String {
        switch purpose {
        case .registerDevice: String(localized: "keyPurpose.registerDevice")
        case .rotateKeys: String(localized: "keyPurpose.rotateKeys")
        case .approveLogin: String(localized: "keyPurpose.approveLogin")
        case .denyLogin: String(localized: "keyPurpose.denyLogin")
        case .reportLogin: String(localized: "keyPurpose.reportLogin")
        case .manageAccount: String(localized: "keyPurpose.manageAccount")
        case .verifyPhone: String(localized: "keyPurpose.verifyPhone")
        }
    }
}
