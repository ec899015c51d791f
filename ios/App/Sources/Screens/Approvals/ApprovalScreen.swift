// Approving a login: the signed context, the code from the browser, and approve, deny or "this wasn't me".

import EgateCore
import SwiftUI

struct ApprovalScreen: View {
    @ObservedObject var model: ApprovalModel
    @Environment(\.dismiss) private var dismiss

    var body: some View {
        NavigationStack {
            Group {
                if case let .showing(context, scanned, wrongCodes) = model.state {
                    ApprovalDecisionView(model: model, context: context, scanned: scanned, wrongCodes: wrongCodes)
                } else if let outcome = ApprovalOutcome(model.state) {
                    ApprovalOutcomeView(outcome: outcome) { dismiss() }
                }
            }
            .navigationTitle("approval.title")
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button("common.close") { dismiss() }
                }
            }
        }
        .failureAlert($model.failure)
        .interactiveDismissDisabled(model.isBusy)
        .onDisappear { Task { await model.closed() } }
    }
}

/// The decision while the login is shown.
private struct ApprovalDecisionView: View {
    @ObservedObject var model: ApprovalModel
    let context: LoginContext
    let scanned: Bool
    let wrongCodes: UInt32
    @State private var code = ""
    @State private var confirmingReport = false
    @FocusState private var codeFocused: Bool

    var body: some View {
        Form {
            Section {
                Text("approval.question")
                    .font(.headline)
                LabeledContent("account.gateway", value: URL(string: model.account.gateway)?.host ?? model.account.gateway)
            }
            LoginContextView(context: context)
            if !scanned {
                Section {
                    TextField("approval.codePlaceholder", text: $code)
                        .keyboardType(.numberPad)
                        .font(.system(.title2, design: .monospaced))
                        .focused($codeFocused)
                        .accessibilityLabel("approval.codeLabel")
                        .accessibilityHint("approval.codeHint")
                } header: {
                    Text("approval.codeHeader")
                } footer: {
                    if wrongCodes > 0 {
                        Label("approval.wrongCode \(Int(wrongCodes))", systemImage: "exclamationmark.triangle.fill")
                            .foregroundStyle(.red)
                    }
                }
            }
            Section {
                ProgressButton("approval.approve", isBusy: model.isBusy) {
                    codeFocused = false
                    if scanned {
                        await model.approveScanned()
                    } else {
                        await model.approve(code: code)
                    }
                }
                .disabled(!scanned && code.isEmpty)
                .accessibilityHint("approval.approveHint")
                Button("approval.deny") {
                    Task { await model.deny() }
                }
                .disabled(model.isBusy)
                .frame(maxWidth: .infinity)
                Button("approval.notMe", role: .destructive) {
                    confirmingReport = true
                }
                .disabled(model.isBusy)
                .frame(maxWidth: .infinity)
                .accessibilityHint("approval.notMeHint")
            }
        }
        .onChange(of: wrongCodes) { _ in code = "" }
        .confirmationDialog("approval.notMeConfirmTitle", isPresented: $confirmingReport, titleVisibility: .visible) {
            Button("approval.notMeConfirm", role: .destructive) {
                Task { await model.report() }
            }
        } message: {
            Text("approval.notMeExplained")
        }
    }
}
