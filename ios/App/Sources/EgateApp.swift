// The app's entry point: one window with the app switcher cover, the model from the app delegate.

import SwiftUI

@main
struct EgateApp: App {
    @UIApplicationDelegateAdaptor(AppDelegate.self) private var delegate

    var body: some Scene {
        WindowGroup {
            Group {
                if let app = delegate.app {
                    RootView()
                        .environmentObject(app)
                } else {
                    StartupFailureView()
                }
            }
            .appSwitcherShield()
        }
    }
}
