// Concern: the KeystoreBackend of the real Android Keystore: key generation specs, attestation
// chains, KeyInfo's security level, signers and deletion.
package eu.egate.app.platform

import android.os.Build
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyInfo
import android.security.keystore.KeyProperties
import java.security.KeyFactory
import java.security.KeyPairGenerator
import java.security.KeyStore
import java.security.PrivateKey
import java.security.Signature
import java.security.UnrecoverableKeyException
import java.security.spec.ECGenParameterSpec

class AndroidKeystoreBackend : KeystoreBackend {
    private val keyStore: KeyStore by lazy { KeyStore.getInstance(PROVIDER).apply { load(null) } }

    override fun generate(request: KeyRequest): ByteArray {
        val generator = KeyPairGenerator.getInstance(KeyProperties.KEY_ALGORITHM_EC, PROVIDER)
        generator.initialize(spec(request))
        return generator.generateKeyPair().public.encoded
    }

    override fun certificateChain(alias: String): List<ByteArray> =
        keyStore.getCertificateChain(alias)?.map { it.encoded }.orEmpty()

    override fun securityLevel(alias: String): SecurityLevel {
        val key = privateKey(alias)
        val info = KeyFactory.getInstance(key.algorithm, PROVIDER).getKeySpec(key, KeyInfo::class.java)
        if (Build.VERSION.SDK_INT < Build.VERSION_CODES.S) {
            return if (info.isInsideSecureHardware) SecurityLevel.TRUSTED_ENVIRONMENT else SecurityLevel.SOFTWARE
        }
        return when (info.securityLevel) {
            KeyProperties.SECURITY_LEVEL_STRONGBOX -> SecurityLevel.STRONGBOX
            KeyProperties.SECURITY_LEVEL_TRUSTED_ENVIRONMENT,
            KeyProperties.SECURITY_LEVEL_UNKNOWN_SECURE -> SecurityLevel.TRUSTED_ENVIRONMENT
            else -> SecurityLevel.SOFTWARE
        }
    }

    override fun signer(alias: String): Signature =
        Signature.getInstance(SIGNATURE_ALGORITHM).apply { initSign(privateKey(alias)) }

    override fun delete(alias: String) {
        if (keyStore.containsAlias(alias)) keyStore.deleteEntry(alias)
    }

    private fun privateKey(alias: String): PrivateKey =
        keyStore.getKey(alias, null) as? PrivateKey ?: throw UnrecoverableKeyException("no key $alias")

    private fun spec(request: KeyRequest): KeyGenParameterSpec =
        KeyGenParameterSpec.Builder(request.alias, KeyProperties.PURPOSE_SIGN)
            .setAlgorithmParameterSpec(ECGenParameterSpec("secp256r1"))
            .setDigests(KeyProperties.DIGEST_SHA256)
            .setIsStrongBoxBacked(request.strongBox)
            .apply {
                request.attestationChallenge?.let { setAttestationChallenge(it) }
                if (request.userVerification) {
                    setUserAuthenticationRequired(true)
                    setInvalidatedByBiometricEnrollment(true)
                    if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.R) {
                        setUserAuthenticationParameters(0, KeyProperties.AUTH_BIOMETRIC_STRONG)
                    } else {
                        // Before API 30, a validity of -1 means: a biometric for every use.
                        @Suppress("DEPRECATION")
                        setUserAuthenticationValidityDurationSeconds(-1)
                    }
                }
            }
            .build()

    private companion object {
        const val PROVIDER = "AndroidKeyStore"
        const val SIGNATURE_ALGORITHM = "SHA256withECDSA"
    }
}
