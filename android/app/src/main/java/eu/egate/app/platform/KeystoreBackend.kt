// Concern: the seam between the key-store adapter and the Android Keystore: what key to make,
// and the few Keystore operations the adapter needs, so that its fallback and error mapping can
// be tested without a device.
package eu.egate.app.platform

import java.security.Signature

/** One P-256 signing key to generate under [alias]. */
data class KeyRequest(
    val alias: String,
    /** In StrongBox rather than the TEE. */
    val strongBox: Boolean,
    /** Every use needs a strong biometric, and enrolling a new one invalidates the key. */
    val userVerification: Boolean,
    /** The challenge Key Attestation signs over, when the gateway wants one. */
    val attestationChallenge: ByteArray?,
)

/** Where the Keystore says a key lives. */
enum class SecurityLevel { STRONGBOX, TRUSTED_ENVIRONMENT, SOFTWARE }

interface KeystoreBackend {
    /**
     * Generates [request]'s key and answers its public key as DER SubjectPublicKeyInfo; throws
     * `StrongBoxUnavailableException` for a StrongBox request on a phone without one.
     */
    fun generate(request: KeyRequest): ByteArray

    /** The key's certificate chain, leaf first, DER-encoded. */
    fun certificateChain(alias: String): List<ByteArray>

    fun securityLevel(alias: String): SecurityLevel

    /** An ECDSA-with-SHA-256 signature initialised with the key, not yet authorised. */
    fun signer(alias: String): Signature

    /** Deletes the key; a missing key is no error. */
    fun delete(alias: String)
}
