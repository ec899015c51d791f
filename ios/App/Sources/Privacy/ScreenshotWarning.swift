// Warning that a screenshot was taken of a screen that shows secrets.

import SwiftUI
import UIKit

private struct ScreenshotWarning: ViewModifier {
    let message: LocalizedStringKey
    @State private var shown = false

    func body(content: Content) -> some View {
        content
            .onReceive(NotificationCenter.default.publisher(for: UIApplication.userDidTakeScreenshotNotification)) { _ in
                shown = true
            }
            .alert("privacy.screenshotTitle", isPresented: $shown) {
                Button("common.ok", role: .cancel) {}
            } message: {
                Text(message)
            }
    }
}

extension View {
    /// iOS cannot block screenshots; this tells the person what the screenshot now holds.
    func screenshotWarning(_ message: LocalizedStringKey) -> some View {
        modifier(ScreenshotWarning(message: message))
    }
}
