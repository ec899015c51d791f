// Confirming an ID verification with the SMS code sent to the account's phone.

import SwiftUI

struct SmsCodeStepView: View {
    let phoneHint: String
    let chipPresence: String
    let isBusy: Bool
    let onConfirm: (String) async -> Void
    @State private var code = ""

    var body: some View {
        Form {
            Section {
                Label(CardText.chipPresence(chipPresence), systemImage: "checkmark.shield.fill")
            } header: {
                Text("verification.cardAccepted")
            }
            Section {
                TextField("sms.code", text: $code)
                    .keyboardType(.numberPad)
                    .textContentType(.oneTimeCode)
                    .font(.system(.title2, design: .monospaced))
            } header: {
                Text("sms.sentTo \(phoneHint)")
            }
            Section {
                ProgressButton("sms.confirm", isBusy: isBusy) { await onConfirm(code) }
                    .disabled(code.isEmpty)
            }
        }
    }
}
