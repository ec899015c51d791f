// A login waiting for approval, with the account it belongs to.

import EgateCore

/// One entry of the pending approvals list.
struct PendingLogin: Identifiable {
    let account: DeviceSummary
    let approval: PendingApproval

    var id: String { approval.id }
}
