// One account on the home screen: this phone's name for it, the gateway and where its keys live.

import EgateCore
import SwiftUI

struct AccountRow: View {
    let account: DeviceSummary

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            Text(account.deviceName)
                .font(.headline)
            Text(URL(string: account.gateway)?.host ?? account.gateway)
                .font(.subheadline)
                .foregroundStyle(.secondary)
            Label(AccountText.protection(account.protection), systemImage: "lock.shield")
                .font(.footnote)
                .foregroundStyle(.secondary)
        }
        .accessibilityElement(children: .combine)
    }
}
