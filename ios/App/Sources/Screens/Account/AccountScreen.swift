// One account's settings on this phone: security, devices, backup codes, keys, notifications and the account itself.

import EgateCore
import SwiftUI

struct AccountScreen: View {
    @StateObject private var model: AccountModel
    @State private var confirmingRenewal = false

    init(account: DeviceSummary, app: AppModel) {
        _model = StateObject(wrappedValue: AccountModel(account: account, app: app))
    }

    var body: some View {
        List {
            Section {
                LabeledContent("account.citizenId", value: model.account.citizenId)
                LabeledContent("account.gateway", value: model.account.gateway)
                LabeledContent("account.protection", value: AccountText.protection(model.account.protection))
            }
            Section("account.security") {
                NavigationLink(value: Route.backupCodes(model.account)) {
                    Label("account.backupCodes", systemImage: "key.fill")
                }
                NavigationLink(value: Route.devices(model.account)) {
                    Label("account.devices", systemImage: "iphone.gen3")
                }
                Button {
                    confirmingRenewal = true
                } label: {
                    Label(
                        model.keysRenewed ? LocalizedStringKey("account.keysRenewed") : LocalizedStringKey("account.renewKeys"),
                        systemImage: "arrow.triangle.2.circlepath"
                    )
                }
                .disabled(model.isBusy)
                Button {
                    Task { await model.verifyPhone() }
                } label: {
                    Label("account.verifyPhone", systemImage: "person.text.rectangle")
                }
                .disabled(model.isBusy)
            }
            PushStatusSection(status: model.pushStatus)
            Section {
                NavigationLink(value: Route.accountSecurity(model.account)) {
                    Label("account.manage", systemImage: "person.crop.circle.badge.checkmark")
                }
            } footer: {
                Text("account.manageExplained")
            }
        }
        .navigationTitle(model.account.deviceName)
        .task { await model.load() }
        .refreshable { await model.load() }
        .failureAlert($model.failure)
        .confirmationDialog("account.renewKeysTitle", isPresented: $confirmingRenewal, titleVisibility: .visible) {
            Button("account.renewKeysConfirm") { Task { await model.renewKeys() } }
        } message: {
            Text("account.renewKeysExplained")
        }
    }
}

/// Where this phone's approval alerts go and how the recent ones went.
private struct PushStatusSection: View {
    let status: PushStatus?

    var body: some View {
        Section("account.notifications") {
            if let status {
                Text(AccountText.pushProvider(status.provider))
                ForEach(Array(status.recent.enumerated()), id: \.offset) { _, delivery in
                    LabeledContent {
                        Text(Date(timeIntervalSince1970: TimeInterval(delivery.at)), style: .relative)
                    } label: {
                        Label(
                            AccountText.delivery(delivery.outcome),
                            systemImage: delivery.outcome == "delivered" ? "checkmark.circle" : "exclamationmark.circle"
                        )
                    }
                    .accessibilityElement(children: .combine)
                }
            } else {
                ProgressView()
            }
        }
    }
}
