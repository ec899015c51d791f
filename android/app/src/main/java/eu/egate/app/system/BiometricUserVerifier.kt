// Concern: the biometric prompt that unlocks one signature of the user-verification key: posted
// to the UI thread with a CryptoObject, while the core worker that asked waits for the answer.
package eu.egate.app.system

import android.content.Context
import android.os.Handler
import android.os.Looper
import androidx.biometric.BiometricManager.Authenticators.BIOMETRIC_STRONG
import androidx.biometric.BiometricPrompt
import androidx.core.content.ContextCompat
import eu.egate.app.R
import eu.egate.app.platform.UserVerifier
import eu.egate.core.KeyFailure
import eu.egate.core.KeyPrompt
import eu.egate.core.KeyPurpose
import java.security.Signature
import java.util.concurrent.CountDownLatch
import java.util.concurrent.atomic.AtomicReference

class BiometricUserVerifier(
    private val context: Context,
    private val resumedActivity: ResumedActivity,
) : UserVerifier {
    private val main = Handler(Looper.getMainLooper())

    override fun authorise(signature: Signature, prompt: KeyPrompt): Signature {
        if (Looper.myLooper() == Looper.getMainLooper()) {
            throw KeyFailure.Unavailable("a signature prompt was asked for on the UI thread")
        }
        val outcome = AtomicReference<Result<Signature>>()
        val answered = CountDownLatch(1)
        fun settle(result: Result<Signature>) {
            outcome.set(result)
            answered.countDown()
        }
        main.post {
            val activity = resumedActivity.current
            if (activity == null) {
                settle(Result.failure(KeyFailure.Unavailable("no screen to show the prompt on")))
                return@post
            }
            val callback = object : BiometricPrompt.AuthenticationCallback() {
                override fun onAuthenticationSucceeded(result: BiometricPrompt.AuthenticationResult) {
                    val unlocked = result.cryptoObject?.signature
                    settle(
                        if (unlocked != null) {
                            Result.success(unlocked)
                        } else {
                            Result.failure(KeyFailure.Unavailable("the prompt returned no signature"))
                        },
                    )
                }

                override fun onAuthenticationError(errorCode: Int, errString: CharSequence) {
                    settle(Result.failure(failureOf(errorCode, errString)))
                }
            }
            BiometricPrompt(activity, ContextCompat.getMainExecutor(context), callback)
                .authenticate(promptInfo(prompt), BiometricPrompt.CryptoObject(signature))
        }
        answered.await()
        return outcome.get().getOrThrow()
    }

    private fun promptInfo(prompt: KeyPrompt): BiometricPrompt.PromptInfo =
        BiometricPrompt.PromptInfo.Builder()
            .setTitle(context.getString(purposeText(prompt.purpose)))
            .setSubtitle(context.getString(R.string.biometric_subtitle))
            .setNegativeButtonText(context.getString(R.string.action_cancel))
            .setAllowedAuthenticators(BIOMETRIC_STRONG)
            .setConfirmationRequired(true)
            .build()

    private fun purposeText(purpose: KeyPurpose): Int = when (purpose) {
        KeyPurpose.REGISTER_DEVICE -> R.string.key_purpose_register_device
        KeyPurpose.ROTATE_KEYS -> R.string.key_purpose_rotate_keys
        KeyPurpose.APPROVE_LOGIN -> R.string.key_purpose_approve_login
        KeyPurpose.DENY_LOGIN -> R.string.key_purpose_deny_login
        KeyPurpose.REPORT_LOGIN -> R.string.key_purpose_report_login
        KeyPurpose.MANAGE_ACCOUNT -> R.string.key_purpose_manage_account
        KeyPurpose.VERIFY_PHONE -> R.string.key_purpose_verify_phone
    }

    private fun failureOf(errorCode: Int, errString: CharSequence): KeyFailure = when (errorCode) {
        BiometricPrompt.ERROR_USER_CANCELED,
        BiometricPrompt.ERROR_NEGATIVE_BUTTON,
        BiometricPrompt.ERROR_CANCELED -> KeyFailure.UserCancelled()
        else -> KeyFailure.Unavailable("biometric error $errorCode: $errString")
    }
}
