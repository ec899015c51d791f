// The platform adapters the core runs on in this app: Secure Enclave keys, URLSession and the data directory.

import EgateCore
import EgatePlatform
import Foundation

/// What every core object that talks to a gateway is opened with.
struct Platform: Sendable {
    let keys: KeyStore
    let http: HttpTransport
    let dataDir: String
    /// The gateway a new account is added at, from the `EgateGateway` Info.plist key.
    let defaultGateway: String

    /// The adapters of this phone.
    static func onThisPhone() throws -> Platform {
        Platform(
            keys: SecureEnclaveKeyStore(reason: KeyPurposeText.reason),
            http: URLSessionHttpTransport(),
            dataDir: try DataDirectory.prepare(),
            defaultGateway: Bundle.main.object(forInfoDictionaryKey: "EgateGateway") as? String ?? ""
        )
    }
}
