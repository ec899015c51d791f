// Concern: the seam through which the key-store adapter asks the user to unlock one signature
// with a strong biometric.
package eu.egate.app.platform

import eu.egate.core.KeyPrompt
import java.security.Signature

fun interface UserVerifier {
    /**
     * Shows [prompt] and answers [signature] authorised for one use; blocks the calling (core
     * worker) thread until the user answers. Throws `KeyFailure.UserCancelled` when dismissed.
     */
    fun authorise(signature: Signature, prompt: KeyPrompt): Signature
}
