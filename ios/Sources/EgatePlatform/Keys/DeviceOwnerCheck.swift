// Asking the device owner to confirm with Face ID, Touch ID or the passcode before a sensitive screen opens.

import LocalAuthentication

/// The gate in front of screens such as the backup codes.
public enum DeviceOwnerCheck {
    /// Whether the owner confirmed (biometrics, or the passcode as fallback); false when they
    /// cancelled, failed, or the device has no passcode.
    public static func confirm(reason: String) async -> Bool {
        do {
            return try await LAContext().evaluatePolicy(.deviceOwnerAuthentication, localizedReason: reason)
        } catch {
            return false
        }
    }
}
