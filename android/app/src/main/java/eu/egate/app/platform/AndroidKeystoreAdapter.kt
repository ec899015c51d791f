// Concern: the core's KeyStore port over the Android Keystore: P-256 keys in StrongBox with the
// TEE as fallback, attestation chains, the protection level, biometric-unlocked signatures, and
// the platform's failures as KeyFailure.
package eu.egate.app.platform

import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.StrongBoxUnavailableException
import android.security.keystore.UserNotAuthenticatedException
import eu.egate.core.KeyFailure
import eu.egate.core.KeyPrompt
import eu.egate.core.KeyProtection
import eu.egate.core.KeyStore
import eu.egate.core.NewKey
import java.security.GeneralSecurityException
import java.security.ProviderException

/**
 * Called by the core on its flow workers, never on the UI thread: a biometric prompt blocks
 * only the worker that asked for the signature.
 */
class AndroidKeystoreAdapter(
    private val backend: KeystoreBackend,
    private val verifier: UserVerifier,
) : KeyStore {

    override fun create(label: String, userVerification: Boolean, attestationChallenge: ByteArray?): NewKey =
        keyFailures {
            val request = KeyRequest(label, strongBox = true, userVerification, attestationChallenge)
            val (publicKey, inStrongBox) = try {
                backend.generate(request) to true
            } catch (e: StrongBoxUnavailableException) {
                backend.generate(request.copy(strongBox = false)) to false
            }
            val chain = if (attestationChallenge != null) backend.certificateChain(label) else emptyList()
            NewKey(publicKey, chain, protection(label, inStrongBox, attested = chain.isNotEmpty()))
        }

    override fun sign(label: String, payload: ByteArray, prompt: KeyPrompt?): ByteArray = keyFailures {
        val signer = backend.signer(label)
        val authorised = if (prompt != null) verifier.authorise(signer, prompt) else signer
        authorised.update(payload)
        authorised.sign()
    }

    override fun delete(label: String) = keyFailures { backend.delete(label) }

    private fun protection(alias: String, inStrongBox: Boolean, attested: Boolean): KeyProtection {
        // Before API 31 KeyInfo cannot name StrongBox; a key generated there lives there.
        val level = if (inStrongBox) SecurityLevel.STRONGBOX else backend.securityLevel(alias)
        return when {
            level == SecurityLevel.SOFTWARE -> KeyProtection.SOFTWARE
            !attested -> KeyProtection.CLAIMED_HARDWARE
            level == SecurityLevel.STRONGBOX -> KeyProtection.ATTESTED_STRONGBOX
            else -> KeyProtection.ATTESTED_TEE
        }
    }

    private inline fun <T> keyFailures(operation: () -> T): T = try {
        operation()
    } catch (e: KeyFailure) {
        throw e
    } catch (e: KeyPermanentlyInvalidatedException) {
        throw KeyFailure.KeyInvalidated()
    } catch (e: UserNotAuthenticatedException) {
        throw KeyFailure.Unavailable("the key needs the user's biometric")
    } catch (e: GeneralSecurityException) {
        throw KeyFailure.Unavailable(describe(e))
    } catch (e: ProviderException) {
        throw KeyFailure.Unavailable(describe(e))
    } catch (e: IllegalStateException) {
        // Raised, for one, when a biometric key is asked for with no biometric enrolled.
        throw KeyFailure.Unavailable(describe(e))
    }

    private fun describe(e: Exception): String = "${e.javaClass.simpleName}: ${e.message.orEmpty()}"
}
