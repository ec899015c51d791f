// Covering the whole app while it is not active, so the app switcher's snapshot shows no personal data.

import SwiftUI

/// The cover shown whenever the scene is inactive or in the background.
private struct AppSwitcherShield: ViewModifier {
    @Environment(\.scenePhase) private var scenePhase

    func body(content: Content) -> some View {
        content.overlay {
            if scenePhase != .active {
                ZStack {
                    Rectangle().fill(.regularMaterial)
                    Image(systemName: "lock.shield")
                        .font(.largeTitle)
                        .foregroundStyle(.secondary)
                }
                .ignoresSafeArea()
                .accessibilityHidden(true)
            }
        }
    }
}

extension View {
    /// Hides the content behind a cover in the app switcher.
    func appSwitcherShield() -> some View {
        modifier(AppSwitcherShield())
    }
}
