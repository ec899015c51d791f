// Moving an account to this phone (the old phone is lost or replaced): the password, then the ID card.

import SwiftUI
import UIKit

struct TransferScreen: View {
    @Environment(\.dismiss) private var dismiss
    @StateObject private var model: TransferModel
    @State private var gateway: String
    @State private var citizenId = ""
    @State private var password = ""
    @State private var deviceName = UIDevice.current.name

    init(platform: Platform, app: AppModel) {
        _model = StateObject(wrappedValue: TransferModel(platform: platform, app: app))
        _gateway = State(initialValue: platform.defaultGateway)
    }

    var body: some View {
        NavigationStack {
            Form {
                Section {
                    Text("transfer.explained")
                        .foregroundStyle(.secondary)
                }
                Section {
                    TextField("signIn.citizenId", text: $citizenId)
                        .keyboardType(.numberPad)
                        .textContentType(.username)
                    SecureField("signIn.password", text: $password)
                        .textContentType(.password)
                    TextField("addAccount.deviceName", text: $deviceName)
                }
                Section {
                    TextField("signIn.gateway", text: $gateway)
                        .keyboardType(.URL)
                        .textInputAutocapitalization(.never)
                        .autocorrectionDisabled()
                } footer: {
                    Text("signIn.gatewayHelp")
                }
                Section {
                    ProgressButton("transfer.start", isBusy: model.isBusy) {
                        await model.start(gateway: gateway, citizenId: citizenId, password: password, deviceName: deviceName)
                    }
                    .disabled(citizenId.isEmpty || password.isEmpty || gateway.isEmpty || deviceName.isEmpty)
                }
            }
            .navigationTitle("transfer.title")
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button("common.cancel") { dismiss() }
                }
            }
        }
        .failureAlert($model.failure)
        .interactiveDismissDisabled(model.isBusy)
    }
}
