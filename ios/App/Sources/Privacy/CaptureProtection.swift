// Hiding sensitive screens (backup codes, documents) while the screen is recorded, mirrored or shared.

import SwiftUI

private struct CaptureProtection: ViewModifier {
    @StateObject private var monitor = ScreenCaptureMonitor()

    func body(content: Content) -> some View {
        ZStack {
            content
                .opacity(monitor.isCaptured ? 0 : 1)
                .accessibilityHidden(monitor.isCaptured)
            if monitor.isCaptured {
                VStack(spacing: 12) {
                    Image(systemName: "eye.slash")
                        .font(.largeTitle)
                        .accessibilityHidden(true)
                    Text("privacy.captured")
                        .font(.headline)
                        .multilineTextAlignment(.center)
                }
                .padding()
                .accessibilityElement(children: .combine)
            }
        }
    }
}

extension View {
    /// Replaces the content with a notice while the screen is captured.
    func captureProtected() -> some View {
        modifier(CaptureProtection())
    }
}
