// Concern: Firebase Messaging's side of push: renewed tokens to the gateway, data-only login
// request messages to the user.
package eu.egate.app.system.push

import com.google.firebase.messaging.FirebaseMessagingService
import com.google.firebase.messaging.RemoteMessage
import eu.egate.app.state.PushedApproval
import eu.egate.app.system.graph
import eu.egate.core.PushTarget

class EgateFirebaseService : FirebaseMessagingService() {
    override fun onNewToken(token: String) {
        graph.push.announce(PushTarget.Fcm(token))
    }

    override fun onMessageReceived(message: RemoteMessage) {
        val challenge = message.data[CHALLENGE_KEY]?.takeIf { it.isNotBlank() } ?: return
        val device = message.data[DEVICE_KEY]?.takeIf { it.isNotBlank() } ?: return
        graph.loginRequests.received(PushedApproval(challenge, device))
    }

    private companion object {
        const val CHALLENGE_KEY = "challenge"
        const val DEVICE_KEY = "device"
    }
}
