// Concern: a LoginFlow over a scripted login session: the gateway's "next" rendered as steps
// (password change, second factor, SMS sent, done), the other device's decision awaited, and a
// refusal leaving the step as it was.
package eu.egate.app.state

import eu.egate.core.ApprovalOutcomeState
import eu.egate.core.GatewayFailure
import eu.egate.core.LoginProgress
import eu.egate.core.LoginSession
import eu.egate.core.NoHandle
import eu.egate.core.SmsCodeSent
import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test

class LoginFlowTest {
    private class ScriptedSession : LoginSession(NoHandle) {
        var loginAnswer = LoginProgress("second_factor", listOf("device", "sms"), "734 201", null)
        val outcomes = ArrayDeque<ApprovalOutcomeState>()

        override suspend fun login(citizenId: String, password: String): LoginProgress {
            if (password != "correct horse") throw GatewayFailure.Refused("invalid_credentials", "wrong", null)
            return loginAnswer
        }

        override suspend fun changePassword(current: String, new: String): LoginProgress =
            LoginProgress("done", emptyList(), null, null)

        override suspend fun sendSms(): SmsCodeSent = SmsCodeSent("••01", 300)

        override suspend fun verifySms(code: String): LoginProgress =
            if (code == "123456") LoginProgress("done", emptyList(), null, null) else throw GatewayFailure.Refused("sms_code_invalid", "wrong", null)

        override suspend fun loginWithBackupCode(code: String): LoginProgress = LoginProgress("done", emptyList(), null, 4)

        override suspend fun approvalOutcome(waitSeconds: UInt): ApprovalOutcomeState = outcomes.removeFirst()
    }

    @Test
    fun aWrongPasswordStaysAtTheCredentials() = runBlocking<Unit> {
        val flow = LoginFlow(ScriptedSession())
        flow.login("10000000146", "guess")
        assertEquals(LoginStep.Credentials, flow.step.value)
        assertEquals(ProblemReport(Problem.INVALID_CREDENTIALS), flow.work.problem.value)
    }

    @Test
    fun theSecondFactorByTextMessage() = runBlocking<Unit> {
        val flow = LoginFlow(ScriptedSession())
        flow.login("10000000146", "correct horse")
        assertEquals(LoginStep.SecondFactor(listOf("device", "sms"), "734 201"), flow.step.value)
        flow.sendSms()
        assertEquals(LoginStep.SmsSent("••01"), flow.step.value)
        flow.verifySms("999999")
        assertEquals(LoginStep.SmsSent("••01"), flow.step.value)
        assertEquals(Problem.SMS_CODE_INVALID, flow.work.problem.value?.problem)
        flow.verifySms("123456")
        assertEquals(LoginStep.Done(null), flow.step.value)
    }

    @Test
    fun theOtherDevicesApprovalIsAwaited() = runBlocking<Unit> {
        val session = ScriptedSession()
        session.outcomes += ApprovalOutcomeState("pending", "second_factor")
        session.outcomes += ApprovalOutcomeState("approved", "done")
        val flow = LoginFlow(session)
        flow.login("10000000146", "correct horse")
        assertFalse(flow.awaitApproval(25u))
        assertTrue(flow.step.value is LoginStep.SecondFactor)
        assertTrue(flow.awaitApproval(25u))
        assertEquals(LoginStep.Done(null), flow.step.value)
    }

    @Test
    fun aDeniedApprovalIsReported() = runBlocking<Unit> {
        val session = ScriptedSession()
        session.outcomes += ApprovalOutcomeState("denied", "second_factor")
        val flow = LoginFlow(session)
        flow.login("10000000146", "correct horse")
        assertTrue(flow.awaitApproval(25u))
        assertTrue(flow.step.value is LoginStep.SecondFactor)
        assertEquals(ProblemReport(Problem.APPROVAL_DENIED), flow.work.problem.value)
    }

    @Test
    fun aForcedPasswordChangeComesFirst() = runBlocking<Unit> {
        val session = ScriptedSession().apply { loginAnswer = LoginProgress("change_password", emptyList(), null, null) }
        val flow = LoginFlow(session)
        flow.login("10000000146", "correct horse")
        assertEquals(LoginStep.ChangePassword, flow.step.value)
        flow.changePassword("correct horse", "battery staple and more")
        assertEquals(LoginStep.Done(null), flow.step.value)
    }

    @Test
    fun aBackupCodeLoginSaysHowManyAreLeft() = runBlocking<Unit> {
        val flow = LoginFlow(ScriptedSession())
        flow.login("10000000146", "correct horse")
        flow.useBackupCode("3-ABCD-EFGH-JKLMN")
        assertEquals(LoginStep.Done(4), flow.step.value)
    }
}
