// Adding an account to this phone: sign in, then register the phone with two new Secure Enclave keys.

import SwiftUI
import UIKit

struct AddAccountScreen: View {
    @EnvironmentObject private var app: AppModel
    @Environment(\.dismiss) private var dismiss
    @StateObject private var model: SignInModel
    @State private var deviceName = UIDevice.current.name

    init(platform: Platform) {
        _model = StateObject(wrappedValue: SignInModel(platform: platform))
    }

    var body: some View {
        NavigationStack {
            Group {
                if model.step == .done {
                    registerForm
                } else {
                    SignInView(model: model, fixedGateway: nil, fixedCitizenId: nil, defaultGateway: app.platform.defaultGateway)
                }
            }
            .navigationTitle("addAccount.title")
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button("common.cancel") { dismiss() }
                }
            }
        }
        .failureAlert($model.failure)
        .interactiveDismissDisabled(model.isBusy)
        .onDisappear { model.cancel() }
    }

    private var registerForm: some View {
        Form {
            if let left = model.backupCodesLeft {
                Section {
                    Label("signIn.backupCodesLeft \(Int(left))", systemImage: "key.fill")
                }
            }
            Section {
                TextField("addAccount.deviceName", text: $deviceName)
            } header: {
                Text("addAccount.registerHeader")
            } footer: {
                Text("addAccount.registerExplained")
            }
            Section {
                ProgressButton("addAccount.register", isBusy: model.isBusy) {
                    guard let device = await model.registerDevice(name: deviceName) else { return }
                    await app.adopt(device)
                    dismiss()
                }
                .disabled(deviceName.trimmingCharacters(in: .whitespaces).isEmpty)
            }
        }
    }
}
