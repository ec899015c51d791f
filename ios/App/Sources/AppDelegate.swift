// The app delegate: the core's log, the APNs token and the tap on an approval notification.

import EgateCore
import EgatePlatform
import os
import UIKit
import UserNotifications

/// The key of the challenge id in the gateway's APNs payload.
private let challengeKey = "challenge"
/// The key of the receiving device's id, which names the account.
private let deviceKey = "device"

@MainActor
final class AppDelegate: NSObject, UIApplicationDelegate {
    private static let subsystem = Bundle.main.bundleIdentifier ?? "eu.egate.app"

    /// Nil only when the data directory cannot be created.
    private(set) lazy var app: AppModel? = (try? Platform.onThisPhone()).map(AppModel.init(platform:))

    func application(
        _ application: UIApplication,
        didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]? = nil
    ) -> Bool {
        setLogSink(sink: UnifiedLogSink(subsystem: Self.subsystem), level: .info)
        UNUserNotificationCenter.current().delegate = self
        return true
    }

    func application(_ application: UIApplication, didRegisterForRemoteNotificationsWithDeviceToken deviceToken: Data) {
        let target = ApnsDeviceToken.pushTarget(deviceToken)
        Task { await app?.pushTargetChanged(target) }
    }

    func application(_ application: UIApplication, didFailToRegisterForRemoteNotificationsWithError error: Error) {
        // Without a token the app pulls on start and resume.
        Logger(subsystem: Self.subsystem, category: "push")
            .error("APNs registration failed: \(error.localizedDescription, privacy: .public)")
    }
}

extension AppDelegate: UNUserNotificationCenterDelegate {
    /// The tap on an approval alert opens that approval in the app (never an action on the
    /// notification itself: approving needs the app and Face ID or Touch ID).
    nonisolated func userNotificationCenter(
        _ center: UNUserNotificationCenter,
        didReceive response: UNNotificationResponse,
        withCompletionHandler completionHandler: @escaping () -> Void
    ) {
        let payload = response.notification.request.content.userInfo
        if let challenge = payload[challengeKey] as? String, let device = payload[deviceKey] as? String {
            Task { @MainActor in await self.app?.openPushed(challenge: challenge, device: device) }
        }
        completionHandler()
    }

    /// In the foreground the alert shows as usual and the waiting list refreshes.
    nonisolated func userNotificationCenter(
        _ center: UNUserNotificationCenter,
        willPresent notification: UNNotification,
        withCompletionHandler completionHandler: @escaping (UNNotificationPresentationOptions) -> Void
    ) {
        Task { @MainActor in await self.app?.refreshPending() }
        completionHandler([.banner, .list, .sound])
    }
}
