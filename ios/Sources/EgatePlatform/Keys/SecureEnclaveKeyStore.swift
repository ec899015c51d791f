// The core's KeyStore on the Secure Enclave: non-exportable P-256 keys by label, the user-verification key behind Face ID or Touch ID.

import EgateCore
import Foundation
import LocalAuthentication
import Security

/// Device keys in the Secure Enclave. The core calls these methods on its worker threads; a
/// signature with the user-verification key blocks only that worker while the system shows its
/// biometric prompt (the key's access control asks, with the app's text for the prompt's purpose
/// as the reason), so the main thread is never involved.
public final class SecureEnclaveKeyStore: KeyStore, @unchecked Sendable {
    private let tagPrefix: String
    private let reason: @Sendable (KeyPurpose) -> String

    /// Keys are kept under the application tag `tagPrefix + label`; `reason` words each
    /// prompt's purpose in the user's language.
    public init(
        tagPrefix: String = "eu.egate.device-key.",
        reason: @escaping @Sendable (KeyPurpose) -> String
    ) {
        self.tagPrefix = tagPrefix
        self.reason = reason
    }

    /// Creates the key. `attestationChallenge` is not used: App Attest is a separate service, so
    /// the chain is empty and the protection is the platform's word (hardware-backed), which the
    /// gateway records as claimed rather than attested.
    public func create(label: String, userVerification: Bool, attestationChallenge: Data?) throws -> NewKey {
        try delete(label: label)
        var error: Unmanaged<CFError>?
        let flags: SecAccessControlCreateFlags = userVerification
            ? [.privateKeyUsage, .biometryCurrentSet]
            : [.privateKeyUsage]
        // The possession key signs routine calls (the push token) even before the phone is
        // unlocked again; the user-verification key only while it is unlocked.
        let accessibility = userVerification
            ? kSecAttrAccessibleWhenUnlockedThisDeviceOnly
            : kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly
        guard let access = SecAccessControlCreateWithFlags(nil, accessibility, flags, &error) else {
            throw KeyFailure.from(error)
        }
        let attributes: [CFString: Any] = [
            kSecAttrKeyType: kSecAttrKeyTypeECSECPrimeRandom,
            kSecAttrKeySizeInBits: 256,
            kSecAttrTokenID: kSecAttrTokenIDSecureEnclave,
            kSecPrivateKeyAttrs: [
                kSecAttrIsPermanent: true,
                kSecAttrApplicationTag: tag(for: label),
                kSecAttrAccessControl: access,
            ] as [CFString: Any],
        ]
        guard let privateKey = SecKeyCreateRandomKey(attributes as CFDictionary, &error) else {
            throw KeyFailure.from(error)
        }
        guard let publicKey = SecKeyCopyPublicKey(privateKey),
              let point = SecKeyCopyExternalRepresentation(publicKey, &error) as Data?
        else { throw KeyFailure.from(error) }
        return NewKey(
            publicKeySpki: try P256PublicKeyInfo.der(fromX963: point),
            attestationChain: [],
            protection: .claimedHardware
        )
    }

    /// Signs with ECDSA P-256 over SHA-256 of `payload`; the Secure Enclave answers DER.
    public func sign(label: String, payload: Data, prompt: KeyPrompt?) throws -> Data {
        let context = LAContext()
        if let prompt {
            context.localizedReason = reason(prompt.purpose)
        } else {
            // Only the user-verification key prompts, and the core always names why.
            context.interactionNotAllowed = true
        }
        let key = try privateKey(for: label, context: context)
        var error: Unmanaged<CFError>?
        guard let signature = SecKeyCreateSignature(
            key, .ecdsaSignatureMessageX962SHA256, payload as CFData, &error
        ) as Data? else { throw KeyFailure.from(error) }
        return signature
    }

    public func delete(label: String) throws {
        let query: [CFString: Any] = [
            kSecClass: kSecClassKey,
            kSecAttrApplicationTag: tag(for: label),
        ]
        let status = SecItemDelete(query as CFDictionary)
        guard status == errSecSuccess || status == errSecItemNotFound else {
            throw KeyFailure.from(status: status)
        }
    }

    private func privateKey(for label: String, context: LAContext) throws -> SecKey {
        let query: [CFString: Any] = [
            kSecClass: kSecClassKey,
            kSecAttrKeyClass: kSecAttrKeyClassPrivate,
            kSecAttrApplicationTag: tag(for: label),
            kSecAttrTokenID: kSecAttrTokenIDSecureEnclave,
            kSecUseAuthenticationContext: context,
            kSecReturnRef: true,
        ]
        var item: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &item)
        guard status == errSecSuccess, let item, CFGetTypeID(item) == SecKeyGetTypeID() else {
            throw KeyFailure.from(status: status == errSecSuccess ? errSecItemNotFound : status)
        }
        return item as! SecKey
    }

    private func tag(for label: String) -> Data {
        Data((tagPrefix + label).utf8)
    }
}
