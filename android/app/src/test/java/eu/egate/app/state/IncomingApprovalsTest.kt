// Concern: approvals handed from pushes and notifications to the foreground screen: kept until a
// screen watches, delivered in order, and the watch known only while it lasts.
package eu.egate.app.state

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test

class IncomingApprovalsTest {
    @Test
    fun approvalsDeliveredBeforeAnyoneWatchesAreKeptInOrder() = runBlocking<Unit> {
        val incoming = IncomingApprovals()
        val a = PushedApproval("a", "device-1")
        val b = PushedApproval("b", "device-2")
        incoming.deliver(a)
        incoming.deliver(b)
        val seen = mutableListOf<PushedApproval>()
        val both = CompletableDeferred<Unit>()
        val watcher = launch {
            incoming.watch { id ->
                seen += id
                if (seen.size == 2) both.complete(Unit)
            }
        }
        both.await()
        watcher.cancel()
        assertEquals(listOf(a, b), seen)
    }

    @Test
    fun theWatchIsKnownOnlyWhileItLasts() = runBlocking<Unit> {
        val incoming = IncomingApprovals()
        assertFalse(incoming.isWatched)
        val watcher = launch { incoming.watch { } }
        yield()
        assertTrue(incoming.isWatched)
        watcher.cancel()
        watcher.join()
        assertFalse(incoming.isWatched)
    }
}
