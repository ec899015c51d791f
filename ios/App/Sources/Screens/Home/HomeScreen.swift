// The home screen: this phone's accounts, the logins waiting for approval and the ways to add or try things.

import EgateCore
import EgatePlatform
import SwiftUI

struct HomeScreen: View {
    @EnvironmentObject private var app: AppModel

    var body: some View {
        List {
            if app.accounts.isEmpty {
                WelcomeSection()
            } else {
                if !app.pending.isEmpty {
                    Section {
                        NavigationLink(value: Route.pendingApprovals) {
                            Label {
                                Text("home.pending \(app.pending.count)")
                            } icon: {
                                Image(systemName: "bell.badge.fill")
                            }
                        }
                        .accessibilityHint("home.pendingHint")
                    }
                }
                Section("home.accounts") {
                    ForEach(app.accounts, id: \.deviceId) { account in
                        NavigationLink(value: Route.account(account)) {
                            AccountRow(account: account)
                        }
                    }
                }
            }
            Section("home.more") {
                Button {
                    app.sheet = .addAccount
                } label: {
                    Label("home.addAccount", systemImage: "person.badge.plus")
                }
                Button {
                    app.sheet = .transfer
                } label: {
                    Label("home.transfer", systemImage: "iphone.and.arrow.forward")
                }
                if NfcCardSession.isAvailable {
                    NavigationLink(value: Route.cardRead(.nfc)) {
                        Label("home.readCard", systemImage: "wave.3.right.circle")
                    }
                }
                NavigationLink(value: Route.demo) {
                    Label("home.demo", systemImage: "sparkles")
                }
            }
        }
        .navigationTitle("home.title")
        .toolbar {
            ToolbarItem(placement: .primaryAction) {
                Button {
                    app.sheet = .scanner
                } label: {
                    Label("home.scan", systemImage: "qrcode.viewfinder")
                }
                .accessibilityHint("home.scanHint")
            }
        }
        .refreshable { await app.becameActive() }
    }
}
