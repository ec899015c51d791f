// The login steps the core leads through: password, a new password when asked, then the second factor.

import SwiftUI

/// Shows the step `model` is at; the parent shows what follows a completed login.
struct SignInView: View {
    @ObservedObject var model: SignInModel
    /// The gateway and citizen id, fixed when signing in to an account this phone already has.
    let fixedGateway: String?
    let fixedCitizenId: String?
    let defaultGateway: String

    var body: some View {
        switch model.step {
        case .credentials:
            CredentialsForm(
                model: model,
                gateway: fixedGateway ?? defaultGateway,
                gatewayEditable: fixedGateway == nil,
                citizenId: fixedCitizenId ?? "",
                citizenIdEditable: fixedCitizenId == nil
            )
        case .newPassword:
            NewPasswordForm(model: model)
        case let .secondFactor(factors, approvalCode):
            SecondFactorForm(model: model, factors: factors, approvalCode: approvalCode)
        case let .smsCode(phoneHint):
            CodeForm(header: "sms.sentTo \(phoneHint)", field: "sms.code", isOneTimeCode: true, isBusy: model.isBusy) {
                await model.verifySms(code: $0)
            }
        case .backupCode:
            CodeForm(header: "signIn.backupHeader", field: "signIn.backupCode", isOneTimeCode: false, isBusy: model.isBusy) {
                await model.useBackupCode($0)
            }
        case .done:
            ProgressView()
        }
    }
}

private struct CredentialsForm: View {
    @ObservedObject var model: SignInModel
    @State var gateway: String
    let gatewayEditable: Bool
    @State var citizenId: String
    let citizenIdEditable: Bool
    @State private var password = ""

    var body: some View {
        Form {
            Section {
                TextField("signIn.citizenId", text: $citizenId)
                    .keyboardType(.numberPad)
                    .textContentType(.username)
                    .disabled(!citizenIdEditable)
                SecureField("signIn.password", text: $password)
                    .textContentType(.password)
            }
            Section {
                TextField("signIn.gateway", text: $gateway)
                    .keyboardType(.URL)
                    .textInputAutocapitalization(.never)
                    .autocorrectionDisabled()
                    .disabled(!gatewayEditable)
            } footer: {
                Text("signIn.gatewayHelp")
            }
            Section {
                ProgressButton("signIn.continue", isBusy: model.isBusy) {
                    await model.signIn(gateway: gateway, citizenId: citizenId, password: password)
                }
                .disabled(citizenId.isEmpty || password.isEmpty || gateway.isEmpty)
            }
        }
    }
}

private struct NewPasswordForm: View {
    @ObservedObject var model: SignInModel
    @State private var password = ""
    @State private var repeated = ""

    var body: some View {
        Form {
            Section {
                SecureField("signIn.newPassword", text: $password)
                    .textContentType(.newPassword)
                SecureField("signIn.repeatPassword", text: $repeated)
                    .textContentType(.newPassword)
            } header: {
                Text("signIn.passwordChangeRequired")
            } footer: {
                if !repeated.isEmpty, repeated != password {
                    Label("signIn.passwordsDiffer", systemImage: "exclamationmark.triangle.fill")
                }
            }
            Section {
                ProgressButton("signIn.continue", isBusy: model.isBusy) {
                    await model.changePassword(to: password)
                }
                .disabled(password.isEmpty || password != repeated)
            }
        }
    }
}

private struct SecondFactorForm: View {
    @ObservedObject var model: SignInModel
    let factors: [String]
    let approvalCode: String?

    var body: some View {
        Form {
            if let approvalCode, factors.contains("device") {
                Section {
                    Text(approvalCode)
                        .font(.system(.largeTitle, design: .monospaced).bold())
                        .frame(maxWidth: .infinity)
                        .accessibilityLabel(Text("signIn.approvalCodeLabel \(spelledOut(approvalCode))"))
                    HStack {
                        ProgressView()
                        Text("signIn.waitingForPhone")
                    }
                    .accessibilityElement(children: .combine)
                } header: {
                    Text("signIn.approveOnPhone")
                }
                .onAppear { model.startWaitingForDeviceApproval() }
            }
            Section {
                if factors.contains("sms") {
                    ProgressButton("signIn.sendSms", isBusy: model.isBusy) { await model.sendSms() }
                }
                Button("signIn.useBackupCode") { Task { await model.chooseBackupCode() } }
                    .frame(maxWidth: .infinity)
            } header: {
                Text("signIn.otherWays")
            }
        }
    }

    /// The code read digit by digit by VoiceOver.
    private func spelledOut(_ code: String) -> String {
        code.map(String.init).joined(separator: " ")
    }
}

/// One code to type: the SMS code or a backup code.
private struct CodeForm: View {
    let header: LocalizedStringKey
    let field: LocalizedStringKey
    let isOneTimeCode: Bool
    let isBusy: Bool
    let submit: (String) async -> Void
    @State private var code = ""

    var body: some View {
        Form {
            Section {
                TextField(field, text: $code)
                    .keyboardType(isOneTimeCode ? .numberPad : .asciiCapable)
                    .textContentType(isOneTimeCode ? .oneTimeCode : nil)
                    .textInputAutocapitalization(.characters)
                    .autocorrectionDisabled()
                    .font(.system(.title2, design: .monospaced))
            } header: {
                Text(header)
            }
            Section {
                ProgressButton("signIn.continue", isBusy: isBusy) { await submit(code) }
                    .disabled(code.isEmpty)
            }
        }
    }
}
