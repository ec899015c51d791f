// The backup codes: behind Face ID, Touch ID or the passcode; new codes shown once, hidden from screen capture.

import EgateCore
import SwiftUI

struct BackupCodesScreen: View {
    @StateObject private var model: BackupCodesModel
    @Environment(\.scenePhase) private var scenePhase
    @State private var confirmingNew = false
    @State private var confirmingDelete = false

    init(account: DeviceSummary, app: AppModel) {
        _model = StateObject(wrappedValue: BackupCodesModel(account: account, app: app))
    }

    var body: some View {
        Group {
            if model.unlocked {
                codesList
            } else {
                VStack(spacing: 16) {
                    Image(systemName: "lock.fill")
                        .font(.largeTitle)
                        .accessibilityHidden(true)
                    Text("backup.locked")
                        .multilineTextAlignment(.center)
                    Button("backup.unlock") { Task { await model.unlock() } }
                        .buttonStyle(.borderedProminent)
                }
                .padding()
            }
        }
        .navigationTitle("backup.title")
        .task { await model.unlock() }
        .onChange(of: scenePhase) { phase in
            if phase == .background { model.lock() }
        }
        .onDisappear { model.lock() }
        .failureAlert($model.failure)
        .confirmationDialog("backup.newTitle", isPresented: $confirmingNew, titleVisibility: .visible) {
            Button("backup.newConfirm") { Task { await model.create() } }
        } message: {
            Text("backup.newExplained")
        }
        .confirmationDialog("backup.deleteTitle", isPresented: $confirmingDelete, titleVisibility: .visible) {
            Button("backup.deleteConfirm", role: .destructive) { Task { await model.delete() } }
        }
    }

    private var codesList: some View {
        List {
            if let remaining = model.remaining {
                Section {
                    Text("backup.remaining \(Int(remaining))")
                }
            }
            if !model.codes.isEmpty {
                Section {
                    ForEach(Array(model.codes.enumerated()), id: \.offset) { index, code in
                        LabeledContent {
                            Text(code)
                                .font(.system(.body, design: .monospaced))
                                .textSelection(.disabled)
                        } label: {
                            Text("backup.codeNumber \(index + 1)")
                        }
                        .accessibilityElement(children: .combine)
                    }
                } header: {
                    Text("backup.newCodes")
                } footer: {
                    Text("backup.writeDown")
                }
            }
            Section {
                ProgressButton("backup.create", isBusy: model.isBusy) { confirmingNew = true }
                Button("backup.delete", role: .destructive) { confirmingDelete = true }
                    .disabled(model.isBusy || model.remaining == 0)
                    .frame(maxWidth: .infinity)
            }
        }
        .captureProtected()
        .screenshotWarning("privacy.screenshotCodes")
    }
}
