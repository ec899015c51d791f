// Asking for permission to show approval alerts and registering this phone with APNs.

import UIKit
import UserNotifications

/// The alert carries no personal data and no action: the login is shown and approved only
/// inside the app, after Face ID or Touch ID.
@MainActor
enum PushRegistration {
    /// Asks once (the system remembers the answer) and registers for a token on every launch,
    /// as Apple asks, so that a renewed token reaches the gateway.
    static func enable() async {
        let granted = (try? await UNUserNotificationCenter.current().requestAuthorization(options: [.alert, .sound])) ?? false
        if granted {
            UIApplication.shared.registerForRemoteNotifications()
        }
    }
}
