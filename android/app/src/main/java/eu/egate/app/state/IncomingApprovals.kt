// Concern: approvals announced by a push or a tapped notification, handed to the screen that
// shows them while the app is in the foreground.
package eu.egate.app.state

import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.channels.Channel
import java.util.concurrent.atomic.AtomicInteger

/** A login approval a push announced: the approval and the device (so the account) it is for. */
data class PushedApproval(val id: String, val deviceId: String)

class IncomingApprovals {
    private val ids = Channel<PushedApproval>(capacity = 8, onBufferOverflow = BufferOverflow.DROP_OLDEST)
    private val watchers = AtomicInteger()

    /** Whether a screen is watching now (the app is in the foreground). */
    val isWatched: Boolean
        get() = watchers.get() > 0

    /** Hands [approval] to the watching screen, now or once one watches. */
    fun deliver(approval: PushedApproval) {
        ids.trySend(approval)
    }

    /** Calls [open] with each approval delivered, until the caller is cancelled. */
    suspend fun watch(open: suspend (PushedApproval) -> Unit) {
        watchers.incrementAndGet()
        try {
            for (id in ids) open(id)
        } finally {
            watchers.decrementAndGet()
        }
    }
}
