// The alert that shows a screen's failure.

import SwiftUI

extension View {
    /// Presents `failure` while it is set and clears it when dismissed.
    func failureAlert(_ failure: Binding<FailureMessage?>) -> some View {
        alert(
            "failure.title",
            isPresented: Binding(get: { failure.wrappedValue != nil }, set: { if !$0 { failure.wrappedValue = nil } }),
            presenting: failure.wrappedValue
        ) { _ in
            Button("common.ok", role: .cancel) {}
        } message: { shown in
            Text(shown.text)
        }
    }
}
