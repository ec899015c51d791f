// Concern: UnifiedPush's side of push: new endpoints (with their Web Push keys) to the gateway,
// decrypted login request messages to the user.
package eu.egate.app.system.push

import android.util.Log
import eu.egate.app.state.PushedApproval
import eu.egate.app.system.graph
import eu.egate.core.PushTarget
import org.json.JSONException
import org.json.JSONObject
import org.unifiedpush.android.connector.FailedReason
import org.unifiedpush.android.connector.PushService
import org.unifiedpush.android.connector.data.PushEndpoint
import org.unifiedpush.android.connector.data.PushMessage

class EgateUnifiedPushService : PushService() {
    override fun onNewEndpoint(endpoint: PushEndpoint, instance: String) {
        val keys = endpoint.pubKeySet
        if (keys == null) {
            Log.w(TAG, "endpoint without Web Push keys: the gateway cannot encrypt to it")
            return
        }
        graph.push.announce(PushTarget.UnifiedPush(endpoint.url, keys.pubKey, keys.auth))
    }

    override fun onMessage(message: PushMessage, instance: String) {
        if (!message.decrypted) return
        approvalOf(message.content)?.let(graph.loginRequests::received)
    }

    override fun onRegistrationFailed(reason: FailedReason, instance: String) {
        Log.w(TAG, "UnifiedPush registration failed: $reason; the app pulls on start and resume")
    }

    override fun onUnregistered(instance: String) {
        Log.i(TAG, "UnifiedPush distributor unregistered this app; the app pulls on start and resume")
    }

    private fun approvalOf(content: ByteArray): PushedApproval? = try {
        val payload = JSONObject(content.decodeToString())
        val challenge = payload.optString(CHALLENGE_KEY).takeIf { it.isNotBlank() }
        val device = payload.optString(DEVICE_KEY).takeIf { it.isNotBlank() }
        if (challenge != null && device != null) PushedApproval(challenge, device) else null
    } catch (e: JSONException) {
        null
    }

    private companion object {
        const val TAG = "egate-push"
        const val CHALLENGE_KEY = "challenge"
        const val DEVICE_KEY = "device"
    }
}
