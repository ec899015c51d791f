// Concern: a pushed login request reaching the user: handed straight to the app when it is in
// front, otherwise a notification that says nothing personal (not even on the unlocked screen)
// and offers no action: approving happens only inside the app, behind a biometric prompt.
package eu.egate.app.system.push

import android.Manifest
import android.app.PendingIntent
import android.content.Context
import android.content.Intent
import android.content.pm.PackageManager
import android.os.Build
import androidx.core.app.NotificationChannelCompat
import androidx.core.app.NotificationCompat
import androidx.core.app.NotificationManagerCompat
import androidx.core.content.ContextCompat
import eu.egate.app.R
import eu.egate.app.state.IncomingApprovals
import eu.egate.app.state.PushedApproval
import eu.egate.app.ui.MainActivity

class LoginRequestAlert(private val context: Context, private val incoming: IncomingApprovals) {
    private val notifications = NotificationManagerCompat.from(context)

    fun createChannel() {
        notifications.createNotificationChannel(
            NotificationChannelCompat.Builder(CHANNEL_ID, NotificationManagerCompat.IMPORTANCE_HIGH)
                .setName(context.getString(R.string.notification_channel_login_requests))
                .setDescription(context.getString(R.string.notification_channel_login_requests_description))
                .build(),
        )
    }

    /** A push announced [approval]. */
    fun received(approval: PushedApproval) {
        if (incoming.isWatched) incoming.deliver(approval) else notify(approval)
    }

    /** The approval is being shown: its notification has done its work. */
    fun dismiss() = notifications.cancel(NOTIFICATION_ID)

    private fun notify(approval: PushedApproval) {
        val allowed = Build.VERSION.SDK_INT < Build.VERSION_CODES.TIRAMISU ||
            ContextCompat.checkSelfPermission(context, Manifest.permission.POST_NOTIFICATIONS) ==
            PackageManager.PERMISSION_GRANTED
        if (!allowed) return
        val title = context.getString(R.string.notification_login_request_title)
        val open = PendingIntent.getActivity(
            context,
            0,
            openIntent(context, approval),
            PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT,
        )
        val lockScreenVersion = NotificationCompat.Builder(context, CHANNEL_ID)
            .setSmallIcon(R.drawable.ic_notification)
            .setContentTitle(context.getString(R.string.app_name))
            .setContentText(title)
            .build()
        val notification = NotificationCompat.Builder(context, CHANNEL_ID)
            .setSmallIcon(R.drawable.ic_notification)
            .setContentTitle(title)
            .setContentText(context.getString(R.string.notification_login_request_text))
            .setPriority(NotificationCompat.PRIORITY_HIGH)
            .setCategory(NotificationCompat.CATEGORY_STATUS)
            .setVisibility(NotificationCompat.VISIBILITY_PRIVATE)
            .setPublicVersion(lockScreenVersion)
            .setContentIntent(open)
            .setAutoCancel(true)
            .build()
        notifications.notify(NOTIFICATION_ID, notification)
    }

    companion object {
        private const val CHANNEL_ID = "login_requests"
        private const val NOTIFICATION_ID = 1
        private const val ACTION_OPEN_APPROVAL = "eu.egate.app.action.OPEN_APPROVAL"
        private const val EXTRA_APPROVAL_ID = "eu.egate.app.extra.APPROVAL_ID"
        private const val EXTRA_DEVICE_ID = "eu.egate.app.extra.DEVICE_ID"

        /** Opens the app on [approval]. */
        fun openIntent(context: Context, approval: PushedApproval): Intent =
            Intent(context, MainActivity::class.java)
                .setAction(ACTION_OPEN_APPROVAL)
                .putExtra(EXTRA_APPROVAL_ID, approval.id)
                .putExtra(EXTRA_DEVICE_ID, approval.deviceId)
                .addFlags(Intent.FLAG_ACTIVITY_SINGLE_TOP or Intent.FLAG_ACTIVITY_CLEAR_TOP)

        /** The approval [intent] opens, if it is one of [openIntent]'s. */
        fun approvalOf(intent: Intent?): PushedApproval? {
            if (intent?.action != ACTION_OPEN_APPROVAL) return null
            val id = intent.getStringExtra(EXTRA_APPROVAL_ID) ?: return null
            val device = intent.getStringExtra(EXTRA_DEVICE_ID) ?: return null
            return PushedApproval(id, device)
        }
    }
}
