// Concern: where this phone's pushes go: Firebase Messaging where Play services and a Firebase
// configuration exist, UnifiedPush otherwise; every token or endpoint the platform issues or
// renews is told to the gateway for each registration.
package eu.egate.app.system.push

import android.app.Activity
import android.content.Context
import android.util.Log
import com.google.android.gms.common.ConnectionResult
import com.google.android.gms.common.GoogleApiAvailability
import com.google.firebase.FirebaseApp
import com.google.firebase.messaging.FirebaseMessaging
import eu.egate.app.state.Registrations
import eu.egate.core.GatewayFailure
import eu.egate.core.PushTarget
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.launch
import org.unifiedpush.android.connector.UnifiedPush

class PushRegistrar(
    private val context: Context,
    private val registrations: Registrations,
    private val scope: CoroutineScope,
) {
    private val usesFirebase: Boolean
        get() = FirebaseApp.getApps(context).isNotEmpty() &&
            GoogleApiAvailability.getInstance().isGooglePlayServicesAvailable(context) == ConnectionResult.SUCCESS

    /**
     * Asks the platform for the current token or endpoint, which then reaches [announce]. With
     * UnifiedPush and no distributor chosen yet, [activity] lets the user pick one.
     */
    fun refresh(activity: Activity) {
        if (usesFirebase) {
            FirebaseMessaging.getInstance().token.addOnSuccessListener { announce(PushTarget.Fcm(it)) }
        } else {
            UnifiedPush.tryUseCurrentOrDefaultDistributor(activity) { found ->
                if (found) UnifiedPush.register(context)
            }
        }
    }

    /** Tells the gateway of every registration where pushes go from now on. */
    fun announce(target: PushTarget) {
        scope.launch {
            // Offline, opening a device fails like setting its target: the next refresh tries
            // again, and meanwhile the app pulls on start and resume.
            try {
                registrations.all().forEach { (_, device) ->
                    try {
                        device.setPushTarget(target)
                    } catch (e: GatewayFailure) {
                        Log.w(TAG, "push target not set: ${e.javaClass.simpleName}")
                    }
                }
            } catch (e: GatewayFailure) {
                Log.w(TAG, "devices not opened: ${e.javaClass.simpleName}")
            }
        }
    }

    private companion object {
        const val TAG = "egate-push"
    }
}
