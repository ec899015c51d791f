// A prominent full-width button that shows a spinner while its action runs.

import SwiftUI

struct ProgressButton: View {
    let title: LocalizedStringKey
    let isBusy: Bool
    let role: ButtonRole?
    let action: () async -> Void

    init(_ title: LocalizedStringKey, isBusy: Bool, role: ButtonRole? = nil, action: @escaping () async -> Void) {
        self.title = title
        self.isBusy = isBusy
        self.role = role
        self.action = action
    }

    var body: some View {
        Button(role: role) {
            Task { await action() }
        } label: {
            ZStack {
                Text(title).opacity(isBusy ? 0 : 1)
                if isBusy {
                    ProgressView()
                }
            }
            .frame(maxWidth: .infinity)
        }
        .accessibilityLabel(Text(title))
        .accessibilityValue(isBusy ? Text("common.busy") : Text(verbatim: ""))
        .buttonStyle(.borderedProminent)
        .controlSize(.large)
        .disabled(isBusy)
    }
}
