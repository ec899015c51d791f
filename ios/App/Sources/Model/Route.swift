// The screens the navigation stack pushes, and the sheets the app presents over it.

import EgateCore

/// A pushed screen.
enum Route: Hashable {
    case pendingApprovals
    case account(DeviceSummary)
    case devices(DeviceSummary)
    case backupCodes(DeviceSummary)
    case accountSecurity(DeviceSummary)
    case demo
    case cardRead(CardSource)
}

/// A presented sheet.
enum Sheet: Identifiable {
    case approval(ApprovalModel)
    case idVerification(IdVerificationModel)
    case scanner
    case addAccount
    case transfer

    var id: String {
        switch self {
        case let .approval(model): "approval-\(ObjectIdentifier(model).hashValue)"
        case let .idVerification(model): "id-verification-\(ObjectIdentifier(model).hashValue)"
        case .scanner: "scanner"
        case .addAccount: "add-account"
        case .transfer: "transfer"
        }
    }
}
