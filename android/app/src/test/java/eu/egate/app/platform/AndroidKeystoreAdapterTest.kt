// Concern: the Android Keystore adapter over a software backend: StrongBox with the TEE as
// fallback, the user-verification and attestation requests, the protection reported, biometric
// authorisation of signatures, and Keystore failures as KeyFailure.
package eu.egate.app.platform

import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.StrongBoxUnavailableException
import eu.egate.core.KeyFailure
import eu.egate.core.KeyPrompt
import eu.egate.core.KeyPurpose
import eu.egate.core.KeyProtection
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertSame
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test
import java.security.KeyFactory
import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.Signature
import java.security.SignatureException
import java.security.spec.ECGenParameterSpec
import java.security.spec.X509EncodedKeySpec

class AndroidKeystoreAdapterTest {
    /** JCA keys standing in for the Keystore's, with a scripted StrongBox and security level. */
    private class SoftwareBackend(
        private val hasStrongBox: Boolean,
        private val level: SecurityLevel = SecurityLevel.TRUSTED_ENVIRONMENT,
    ) : KeystoreBackend {
        val requests = mutableListOf<KeyRequest>()
        val keys = mutableMapOf<String, KeyPair>()
        val chain = listOf(byteArrayOf(0x30, 0x01), byteArrayOf(0x30, 0x02))
        var signerFailure: Exception? = null
        var chainsAsked = 0

        override fun generate(request: KeyRequest): ByteArray {
            requests += request
            if (request.strongBox && !hasStrongBox) throw StrongBoxUnavailableException()
            val pair = KeyPairGenerator.getInstance("EC").apply { initialize(ECGenParameterSpec("secp256r1")) }.generateKeyPair()
            keys[request.alias] = pair
            return pair.public.encoded
        }

        override fun certificateChain(alias: String): List<ByteArray> {
            chainsAsked++
            return chain
        }

        override fun securityLevel(alias: String): SecurityLevel = level

        override fun signer(alias: String): Signature {
            signerFailure?.let { throw it }
            return Signature.getInstance("SHA256withECDSA").apply { initSign(keys.getValue(alias).private) }
        }

        override fun delete(alias: String) {
            keys.remove(alias)
        }
    }

    private class RecordingVerifier(private val refusal: KeyFailure? = null) : UserVerifier {
        val prompts = mutableListOf<KeyPrompt>()
        val signatures = mutableListOf<Signature>()

        override fun authorise(signature: Signature, prompt: KeyPrompt): Signature {
            prompts += prompt
            signatures += signature
            refusal?.let { throw it }
            return signature
        }
    }

    private val challenge = byteArrayOf(1, 2, 3, 4, 5, 6, 7, 8)
    private val prompt = KeyPrompt(KeyPurpose.APPROVE_LOGIN, "Approve this login", ByteArray(32) { it.toByte() })

    @Test
    fun withoutStrongBoxTheKeyIsMadeInTheTee() {
        val backend = SoftwareBackend(hasStrongBox = false)
        val key = AndroidKeystoreAdapter(backend, RecordingVerifier()).create("egate.user", true, challenge)
        assertEquals(listOf(true, false), backend.requests.map { it.strongBox })
        assertEquals(listOf("egate.user", "egate.user"), backend.requests.map { it.alias })
        assertEquals(KeyProtection.ATTESTED_TEE, key.protection)
        assertArrayEquals(backend.keys.getValue("egate.user").public.encoded, key.publicKeySpki)
    }

    @Test
    fun aStrongBoxKeyIsMadeThereFirstAndReportedAsSuch() {
        val backend = SoftwareBackend(hasStrongBox = true, level = SecurityLevel.TRUSTED_ENVIRONMENT)
        val key = AndroidKeystoreAdapter(backend, RecordingVerifier()).create("egate.possession", false, challenge)
        assertEquals(1, backend.requests.size)
        assertTrue(backend.requests.single().strongBox)
        assertEquals(KeyProtection.ATTESTED_STRONGBOX, key.protection)
        assertEquals(backend.chain.size, key.attestationChain.size)
        backend.chain.zip(key.attestationChain).forEach { (expected, actual) -> assertArrayEquals(expected, actual) }
    }

    @Test
    fun theUserVerificationFlagAsksForBiometricAuthentication() {
        val backend = SoftwareBackend(hasStrongBox = true)
        val adapter = AndroidKeystoreAdapter(backend, RecordingVerifier())
        adapter.create("egate.user", true, null)
        adapter.create("egate.possession", false, null)
        assertTrue(backend.requests[0].userVerification)
        assertFalse(backend.requests[1].userVerification)
    }

    @Test
    fun theAttestationChallengeIsPassedOnAndTheChainReturned() {
        val backend = SoftwareBackend(hasStrongBox = false)
        val key = AndroidKeystoreAdapter(backend, RecordingVerifier()).create("egate.user", true, challenge)
        backend.requests.forEach { assertArrayEquals(challenge, it.attestationChallenge) }
        assertEquals(1, backend.chainsAsked)
        assertEquals(2, key.attestationChain.size)
    }

    @Test
    fun withoutAChallengeNoChainIsReturnedAndHardwareIsOnlyClaimed() {
        val backend = SoftwareBackend(hasStrongBox = false)
        val key = AndroidKeystoreAdapter(backend, RecordingVerifier()).create("egate.user", true, null)
        assertNull(backend.requests.first().attestationChallenge)
        assertEquals(0, backend.chainsAsked)
        assertTrue(key.attestationChain.isEmpty())
        assertEquals(KeyProtection.CLAIMED_HARDWARE, key.protection)
    }

    @Test
    fun aSoftwareKeyIsReportedAsSoftware() {
        val backend = SoftwareBackend(hasStrongBox = false, level = SecurityLevel.SOFTWARE)
        val key = AndroidKeystoreAdapter(backend, RecordingVerifier()).create("egate.user", false, challenge)
        assertEquals(KeyProtection.SOFTWARE, key.protection)
    }

    @Test
    fun aSignatureWithAPromptIsAuthorisedByTheUserAndVerifies() {
        val backend = SoftwareBackend(hasStrongBox = true)
        val verifier = RecordingVerifier()
        val adapter = AndroidKeystoreAdapter(backend, verifier)
        val key = adapter.create("egate.user", true, null)
        val payload = "approve challenge 42".encodeToByteArray()
        val signature = adapter.sign("egate.user", payload, prompt)
        assertEquals(listOf(KeyPurpose.APPROVE_LOGIN), verifier.prompts.map { it.purpose })
        val publicKey = KeyFactory.getInstance("EC").generatePublic(X509EncodedKeySpec(key.publicKeySpki))
        val check = Signature.getInstance("SHA256withECDSA").apply {
            initVerify(publicKey)
            update(payload)
        }
        assertTrue(check.verify(signature))
    }

    @Test
    fun aSignatureWithoutAPromptAsksNobody() {
        val backend = SoftwareBackend(hasStrongBox = true)
        val verifier = RecordingVerifier()
        val adapter = AndroidKeystoreAdapter(backend, verifier)
        adapter.create("egate.possession", false, null)
        adapter.sign("egate.possession", byteArrayOf(1), null)
        assertTrue(verifier.prompts.isEmpty())
    }

    @Test
    fun aDismissedPromptIsUserCancelled() {
        val backend = SoftwareBackend(hasStrongBox = true)
        val refusal = KeyFailure.UserCancelled()
        val adapter = AndroidKeystoreAdapter(backend, RecordingVerifier(refusal))
        adapter.create("egate.user", true, null)
        try {
            adapter.sign("egate.user", byteArrayOf(1), prompt)
            fail("no failure")
        } catch (e: KeyFailure.UserCancelled) {
            assertSame(refusal, e)
        }
    }

    @Test
    fun anInvalidatedKeyIsKeyInvalidated() {
        val backend = SoftwareBackend(hasStrongBox = true)
        val adapter = AndroidKeystoreAdapter(backend, RecordingVerifier())
        adapter.create("egate.user", true, null)
        backend.signerFailure = KeyPermanentlyInvalidatedException()
        try {
            adapter.sign("egate.user", byteArrayOf(1), prompt)
            fail("no failure")
        } catch (e: KeyFailure.KeyInvalidated) {
            // expected
        }
    }

    @Test
    fun anotherKeystoreFailureIsUnavailable() {
        val backend = SoftwareBackend(hasStrongBox = true)
        val adapter = AndroidKeystoreAdapter(backend, RecordingVerifier())
        adapter.create("egate.user", true, null)
        backend.signerFailure = SignatureException("keystore operation failed")
        try {
            adapter.sign("egate.user", byteArrayOf(1), prompt)
            fail("no failure")
        } catch (e: KeyFailure.Unavailable) {
            assertTrue(e.reason.contains("keystore operation failed"))
        }
    }

    @Test
    fun deletingRemovesTheKey() {
        val backend = SoftwareBackend(hasStrongBox = true)
        val adapter = AndroidKeystoreAdapter(backend, RecordingVerifier())
        adapter.create("egate.user", true, null)
        adapter.delete("egate.user")
        assertFalse("egate.user" in backend.keys)
    }
}
