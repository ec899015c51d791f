// The logins waiting for this phone's approval, across its accounts.

import EgateCore
import SwiftUI

struct PendingApprovalsScreen: View {
    @EnvironmentObject private var app: AppModel

    var body: some View {
        List {
            if app.pending.isEmpty {
                Text("pending.none")
                    .foregroundStyle(.secondary)
            }
            ForEach(app.pending) { login in
                Button {
                    Task { await app.open(login) }
                } label: {
                    VStack(alignment: .leading, spacing: 4) {
                        Text(login.account.deviceName)
                            .font(.headline)
                        Text("pending.expires \(Text(Date(timeIntervalSince1970: TimeInterval(login.approval.expiresAt)), style: .relative))")
                            .font(.subheadline)
                            .foregroundStyle(.secondary)
                    }
                    .accessibilityElement(children: .combine)
                }
                .accessibilityHint("pending.openHint")
            }
        }
        .navigationTitle("pending.title")
        .refreshable { await app.refreshPending() }
        .task { await app.refreshPending() }
    }
}
