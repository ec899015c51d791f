// Security framework and LocalAuthentication errors as the core's KeyFailure.

import EgateCore
import Foundation
import LocalAuthentication
import Security

extension KeyFailure {
    /// The failure a Security call reported through its `CFError` out-parameter.
    static func from(_ error: Unmanaged<CFError>?) -> KeyFailure {
        guard let error = error?.takeRetainedValue() else {
            return .Unavailable(reason: "the key store reported no error")
        }
        return from(error as Error as NSError)
    }

    /// The failure of a keychain item call's status.
    static func from(status: OSStatus) -> KeyFailure {
        from(NSError(domain: NSOSStatusErrorDomain, code: Int(status)))
    }

    private static func from(_ error: NSError) -> KeyFailure {
        switch (error.domain, error.code) {
        case (NSOSStatusErrorDomain, Int(errSecUserCanceled)),
             (LAErrorDomain, LAError.Code.userCancel.rawValue),
             (LAErrorDomain, LAError.Code.userFallback.rawValue),
             (LAErrorDomain, LAError.Code.appCancel.rawValue),
             (LAErrorDomain, LAError.Code.systemCancel.rawValue):
            return .UserCancelled
        case (NSOSStatusErrorDomain, Int(errSecItemNotFound)):
            // A key bound to the enrolled biometrics is gone once they change.
            return .KeyInvalidated
        default:
            return .Unavailable(reason: "\(error.domain) \(error.code): \(error.localizedDescription)")
        }
    }
}
