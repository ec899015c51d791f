// Changing the account's password: the current one, the new one twice.

import SwiftUI

struct ChangePasswordSheet: View {
    @ObservedObject var model: AccountSecurityModel
    @Environment(\.dismiss) private var dismiss
    @State private var current = ""
    @State private var new = ""
    @State private var repeated = ""

    var body: some View {
        NavigationStack {
            Form {
                Section {
                    SecureField("security.currentPassword", text: $current)
                        .textContentType(.password)
                }
                Section {
                    SecureField("signIn.newPassword", text: $new)
                        .textContentType(.newPassword)
                    SecureField("signIn.repeatPassword", text: $repeated)
                        .textContentType(.newPassword)
                } footer: {
                    if !repeated.isEmpty, repeated != new {
                        Label("signIn.passwordsDiffer", systemImage: "exclamationmark.triangle.fill")
                    }
                }
                Section {
                    ProgressButton("security.changePassword", isBusy: model.isBusy) {
                        if await model.changePassword(current: current, new: new) {
                            dismiss()
                        }
                    }
                    .disabled(current.isEmpty || new.isEmpty || new != repeated)
                }
            }
            .navigationTitle("security.changePassword")
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button("common.cancel") { dismiss() }
                }
            }
        }
        .failureAlert($model.failure)
    }
}
