// URLSession errors as the core's HttpFailure.

import EgateCore
import Foundation

extension HttpFailure {
    /// `Timeout` for a request past its limit, `Tls` for a refused TLS connection (untrusted or
    /// expired certificate, failed handshake), `Offline` for everything else.
    static func from(_ error: Error) -> HttpFailure {
        guard let urlError = error as? URLError else {
            return .Offline(reason: error.localizedDescription)
        }
        switch urlError.code {
        case .timedOut:
            return .Timeout
        case .secureConnectionFailed,
             .serverCertificateHasBadDate,
             .serverCertificateUntrusted,
             .serverCertificateHasUnknownRoot,
             .serverCertificateNotYetValid,
             .clientCertificateRejected,
             .clientCertificateRequired,
             .appTransportSecurityRequiresSecureConnection:
            return .Tls(reason: urlError.localizedDescription)
        default:
            return .Offline(reason: urlError.localizedDescription)
        }
    }
}
