// The account's devices: renaming and removing them, this phone marked.

import EgateCore
import SwiftUI

struct DevicesScreen: View {
    @StateObject private var model: DevicesModel
    @State private var renaming: AccountDevice?
    @State private var newName = ""
    @State private var removing: AccountDevice?

    init(account: DeviceSummary, app: AppModel) {
        _model = StateObject(wrappedValue: DevicesModel(account: account, app: app))
    }

    var body: some View {
        List {
            ForEach(model.devices, id: \.id) { device in
                DeviceRow(device: device)
                    .swipeActions {
                        Button("devices.remove", role: .destructive) { removing = device }
                        Button("devices.rename") {
                            newName = device.name
                            renaming = device
                        }
                    }
                    .accessibilityAction(named: "devices.rename") {
                        newName = device.name
                        renaming = device
                    }
                    .accessibilityAction(named: "devices.remove") { removing = device }
            }
        }
        .overlay {
            if model.devices.isEmpty && model.isBusy {
                ProgressView()
            }
        }
        .navigationTitle("devices.title")
        .task { await model.load() }
        .refreshable { await model.load() }
        .failureAlert($model.failure)
        .alert("devices.renameTitle", isPresented: isRenaming, presenting: renaming) { device in
            TextField("devices.name", text: $newName)
            Button("devices.rename") { Task { await model.rename(device, to: newName) } }
            Button("common.cancel", role: .cancel) {}
        }
        .confirmationDialog("devices.removeTitle", isPresented: isRemoving, titleVisibility: .visible, presenting: removing) { device in
            Button("devices.remove", role: .destructive) { Task { await model.remove(device) } }
        } message: { device in
            Text(device.thisDevice ? LocalizedStringKey("devices.removeThisExplained") : LocalizedStringKey("devices.removeExplained"))
        }
    }

    private var isRenaming: Binding<Bool> {
        Binding(get: { renaming != nil }, set: { if !$0 { renaming = nil } })
    }

    private var isRemoving: Binding<Bool> {
        Binding(get: { removing != nil }, set: { if !$0 { removing = nil } })
    }
}

private struct DeviceRow: View {
    let device: AccountDevice

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            HStack {
                Text(device.name)
                    .font(.headline)
                if device.thisDevice {
                    Text("devices.thisPhone")
                        .font(.caption.bold())
                        .padding(.horizontal, 6)
                        .padding(.vertical, 2)
                        .background(.tint.opacity(0.15), in: Capsule())
                }
            }
            Text(AccountText.protection(device.protection))
                .font(.subheadline)
                .foregroundStyle(.secondary)
            Text("devices.registered \(Text(Date(timeIntervalSince1970: TimeInterval(device.createdAt)), style: .date))")
                .font(.footnote)
                .foregroundStyle(.secondary)
        }
        .accessibilityElement(children: .combine)
    }
}
