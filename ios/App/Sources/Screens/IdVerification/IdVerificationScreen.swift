// An ID verification from start to end, one view per state the core answers.

import EgateCore
import SwiftUI

struct IdVerificationScreen: View {
    @ObservedObject var model: IdVerificationModel
    @Environment(\.dismiss) private var dismiss

    var body: some View {
        NavigationStack {
            content
                .navigationTitle("verification.title")
                .navigationBarTitleDisplayMode(.inline)
                .toolbar {
                    ToolbarItem(placement: .cancellationAction) {
                        Button("common.close") { dismiss() }
                    }
                }
        }
        .failureAlert($model.failure)
        .interactiveDismissDisabled(model.isBusy)
        .onDisappear { model.cancel() }
    }

    @ViewBuilder
    private var content: some View {
        switch model.state {
        case let .enterCredentials(deviceTransfer):
            VStack(spacing: 0) {
                Text(deviceTransfer ? LocalizedStringKey("verification.forTransfer") : LocalizedStringKey("verification.forPhone"))
                    .font(.callout)
                    .foregroundStyle(.secondary)
                    .multilineTextAlignment(.center)
                    .padding()
                CredentialEntryView(isBusy: model.isBusy) { model.enter($0) }
            }
        case .holdCard:
            HoldCardView(
                instruction: "hold.instruction",
                progress: model.progress,
                interrupted: model.interrupted,
                isBusy: model.isBusy
            ) { await model.readCard() }
        case .proveChipPresence:
            HoldCardView(
                instruction: "hold.chipCheck",
                progress: model.progress,
                interrupted: model.interrupted,
                isBusy: model.isBusy
            ) { await model.readCard() }
        case .readyToSend:
            VStack(spacing: 20) {
                Text("verification.readyToSend")
                    .multilineTextAlignment(.center)
                ProgressButton("verification.send", isBusy: model.isBusy) { await model.send() }
            }
            .padding()
        case let .enterSmsCode(phoneHint, chipPresence):
            SmsCodeStepView(phoneHint: phoneHint, chipPresence: chipPresence, isBusy: model.isBusy) {
                await model.confirm(code: $0)
            }
        case .phoneVerified, .deviceTransferred, .refused:
            VerificationResultView(state: model.state) { dismiss() }
        }
    }
}
