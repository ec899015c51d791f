// Concern: an ApprovalFlow over a scripted registered device: the core's states shown as they
// come, a wrong code counted, a failed step (prompt dismissed, throttled) leaving the state as it
// was with its problem, and the running call cancelled through the device.
package eu.egate.app.state

import eu.egate.core.ApprovalState
import eu.egate.core.GatewayFailure
import eu.egate.core.LoginContext
import eu.egate.core.NoHandle
import eu.egate.core.RegisteredDevice
import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Test

class ApprovalFlowTest {
    private val context = LoginContext(
        challengeId = "ch-1",
        service = "e-Devlet",
        browser = "Firefox 128",
        os = "Linux",
        ip = "192.0.2.10",
        location = "Ankara",
        country = "TR",
        createdAt = 1_700_000_000,
        expiresAt = 1_700_000_300,
    )

    private fun showing(wrongCodes: UInt = 0u, scanned: Boolean = false) = ApprovalState.Showing(context, scanned, wrongCodes)

    /** A device whose approval calls answer from a script; everything else is the real class's. */
    private class ScriptedDevice(private val context: LoginContext, private val rightCode: String) : RegisteredDevice(NoHandle) {
        var wrongCodes = 0u
        var failure: Exception? = null
        var cancels = 0
        val opened = mutableListOf<String>()

        override suspend fun openApproval(id: String): ApprovalState {
            failure?.let { throw it }
            opened += id
            return ApprovalState.Showing(context, false, wrongCodes)
        }

        override suspend fun approve(code: String): ApprovalState {
            failure?.let { throw it }
            if (code == rightCode) return ApprovalState.Approved
            wrongCodes++
            return if (wrongCodes >= 3u) ApprovalState.TooManyWrongCodes else ApprovalState.Showing(context, false, wrongCodes)
        }

        override suspend fun deny(): ApprovalState = ApprovalState.Denied

        override suspend fun report(): ApprovalState = ApprovalState.Reported

        override fun cancel() {
            cancels++
        }
    }

    private fun device() = ScriptedDevice(context, rightCode = "482913")

    @Test
    fun anOpenedApprovalShowsItsContext() = runBlocking<Unit> {
        val device = device()
        val flow = ApprovalFlow(device)
        assertEquals(ApprovalState.Idle, flow.state.value)
        flow.open("ch-1")
        assertEquals(listOf("ch-1"), device.opened)
        assertEquals(showing(), flow.state.value)
        assertFalse(flow.work.busy.value)
        assertNull(flow.work.problem.value)
    }

    @Test
    fun aWrongCodeIsCountedAndTheRightOneApproves() = runBlocking<Unit> {
        val flow = ApprovalFlow(device())
        flow.open("ch-1")
        flow.approve("000000")
        assertEquals(showing(wrongCodes = 1u), flow.state.value)
        flow.approve("482913")
        assertEquals(ApprovalState.Approved, flow.state.value)
    }

    @Test
    fun threeWrongCodesEndTheApproval() = runBlocking<Unit> {
        val flow = ApprovalFlow(device())
        flow.open("ch-1")
        repeat(3) { flow.approve("111111") }
        assertEquals(ApprovalState.TooManyWrongCodes, flow.state.value)
    }

    @Test
    fun aDismissedPromptKeepsTheApprovalOpenWithItsProblem() = runBlocking<Unit> {
        val device = device()
        val flow = ApprovalFlow(device)
        flow.open("ch-1")
        device.failure = GatewayFailure.UserCancelled()
        flow.approve("482913")
        assertEquals(showing(), flow.state.value)
        assertEquals(ProblemReport(Problem.USER_CANCELLED), flow.work.problem.value)
        assertFalse(flow.work.busy.value)

        device.failure = null
        flow.approve("482913")
        assertEquals(ApprovalState.Approved, flow.state.value)
        assertNull(flow.work.problem.value)
    }

    @Test
    fun aThrottledStepCarriesWhenToTryAgain() = runBlocking<Unit> {
        val device = device()
        val flow = ApprovalFlow(device)
        device.failure = GatewayFailure.Refused("throttled", "slow down", 90)
        flow.open("ch-1")
        assertEquals(ApprovalState.Idle, flow.state.value)
        assertEquals(ProblemReport(Problem.THROTTLED, 90), flow.work.problem.value)
    }

    @Test
    fun denyingAndReportingShowTheCoresAnswer() = runBlocking<Unit> {
        val denied = ApprovalFlow(device()).apply {
            open("ch-1")
            deny()
        }
        assertEquals(ApprovalState.Denied, denied.state.value)
        val reported = ApprovalFlow(device()).apply {
            open("ch-1")
            report()
        }
        assertEquals(ApprovalState.Reported, reported.state.value)
    }

    @Test
    fun cancellingReachesTheDevice() {
        val device = device()
        ApprovalFlow(device).cancel()
        assertEquals(1, device.cancels)
    }
}
