// The account's settings behind a fresh login: two-factor login, the password and the security notices.

import EgateCore
import SwiftUI

struct AccountSecurityScreen: View {
    let account: DeviceSummary
    @StateObject private var signIn: SignInModel

    init(account: DeviceSummary, platform: Platform) {
        self.account = account
        _signIn = StateObject(wrappedValue: SignInModel(platform: platform))
    }

    var body: some View {
        Group {
            if signIn.step == .done, let session = signIn.session {
                AccountSecurityContent(session: session)
            } else {
                SignInView(
                    model: signIn,
                    fixedGateway: account.gateway,
                    fixedCitizenId: account.citizenId,
                    defaultGateway: account.gateway
                )
            }
        }
        .navigationTitle("security.title")
        .failureAlert($signIn.failure)
        .onDisappear { signIn.cancel() }
    }
}

private struct AccountSecurityContent: View {
    @StateObject private var model: AccountSecurityModel
    @State private var confirmingTwoFactorOff = false
    @State private var changingPassword = false

    init(session: LoginSession) {
        _model = StateObject(wrappedValue: AccountSecurityModel(session: session))
    }

    var body: some View {
        List {
            if let confirmation = model.confirmation {
                Section {
                    Label(confirmation, systemImage: "checkmark.circle.fill")
                }
            }
            if let overview = model.overview {
                Section {
                    Toggle("security.twoFactor", isOn: Binding(
                        get: { overview.twoFactor },
                        set: { enabled in
                            if enabled {
                                Task { await model.setTwoFactor(true) }
                            } else {
                                confirmingTwoFactorOff = true
                            }
                        }
                    ))
                    .disabled(model.isBusy)
                    LabeledContent("security.phone") {
                        Text(phoneStatus(overview))
                    }
                    Button("security.changePassword") { changingPassword = true }
                }
            }
            Section("security.notices") {
                if model.notices.isEmpty {
                    Text("security.noNotices")
                        .foregroundStyle(.secondary)
                }
                ForEach(Array(model.notices.enumerated()), id: \.offset) { _, notice in
                    NoticeRow(notice: notice)
                }
            }
        }
        .task { await model.load() }
        .refreshable { await model.load() }
        .failureAlert(changingPassword ? .constant(nil) : $model.failure)
        .onDisappear { model.cancel() }
        .confirmationDialog("security.twoFactorOffTitle", isPresented: $confirmingTwoFactorOff, titleVisibility: .visible) {
            Button("security.twoFactorOffConfirm", role: .destructive) { Task { await model.setTwoFactor(false) } }
        } message: {
            Text("security.twoFactorOffExplained")
        }
        .sheet(isPresented: $changingPassword) {
            ChangePasswordSheet(model: model)
        }
    }
}

private func phoneStatus(_ overview: AccountOverview) -> LocalizedStringKey {
    if !overview.hasPhone { return "security.noPhone" }
    return overview.phoneVerifiedWithId ? "security.phoneVerified" : "security.phoneOnFile"
}

private struct NoticeRow: View {
    let notice: AccountNotice

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            Text(AccountText.notice(notice.kind))
            if let detail = AccountText.noticeDetail(notice) {
                Text(detail)
                    .font(.subheadline)
                    .foregroundStyle(.secondary)
            }
            Text(Date(timeIntervalSince1970: TimeInterval(notice.at)), format: .dateTime)
                .font(.footnote)
                .foregroundStyle(.secondary)
        }
        .accessibilityElement(children: .combine)
    }
}
