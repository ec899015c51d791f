// The APNs device token as the push target the gateway takes.

import EgateCore
import Foundation

/// What `registerForRemoteNotifications` delivers, in the form `setPushTarget` wants.
public enum ApnsDeviceToken {
    /// The push target of `token`: its bytes in lowercase hexadecimal.
    public static func pushTarget(_ token: Data) -> PushTarget {
        .apns(token: token.map { String(format: "%02x", $0) }.joined())
    }
}
