// Concern: Work, the runner of a screen's calls: one at a time, busy while running, the failure
// kept as a problem, cancellation passed through.
package eu.egate.app.state

import eu.egate.core.GatewayFailure
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test

class WorkTest {
    @Test
    fun aCallAnswersItsResultAndClearsTheLastProblem() = runBlocking<Unit> {
        val work = Work()
        work.report(ProblemReport(Problem.OFFLINE))
        assertEquals(42, work.run { 42 })
        assertNull(work.problem.value)
        assertFalse(work.busy.value)
    }

    @Test
    fun aFailedCallAnswersNullAndKeepsItsProblem() = runBlocking<Unit> {
        val work = Work()
        assertNull(work.run<Int> { throw GatewayFailure.Offline("no route") })
        assertEquals(ProblemReport(Problem.OFFLINE), work.problem.value)
        assertFalse(work.busy.value)
    }

    @Test
    fun aSecondCallWhileOneRunsDoesNotStart() = runBlocking<Unit> {
        val work = Work()
        val release = CompletableDeferred<Unit>()
        val first = async { work.run { release.await(); "first" } }
        yield()
        assertTrue(work.busy.value)
        var secondRan = false
        assertNull(work.run { secondRan = true })
        assertFalse(secondRan)
        release.complete(Unit)
        assertEquals("first", first.await())
        assertFalse(work.busy.value)
    }

    @Test
    fun cancellationIsNotAProblem() = runBlocking<Unit> {
        val work = Work()
        try {
            work.run<Unit> { throw CancellationException("screen left") }
            fail("cancellation was swallowed")
        } catch (e: CancellationException) {
            assertNull(work.problem.value)
            assertFalse(work.busy.value)
        }
    }
}
