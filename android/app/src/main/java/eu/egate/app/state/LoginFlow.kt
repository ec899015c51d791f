// Concern: a password login with the gateway as the step its screen renders: credentials, a
// forced password change, the second factor (SMS code, another device's approval or a backup
// code), done.
package eu.egate.app.state

import eu.egate.core.LoginProgress
import eu.egate.core.LoginSessionInterface
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

sealed interface LoginStep {
    data object Credentials : LoginStep
    data object ChangePassword : LoginStep

    /**
     * [factors] as the gateway names them (`device`, `sms`); [approvalCode] is the code to type
     * on an already registered device.
     */
    data class SecondFactor(val factors: List<String>, val approvalCode: String?) : LoginStep
    data class SmsSent(val phoneHint: String) : LoginStep
    data class Done(val backupCodesRemaining: Long?) : LoginStep
}

class LoginFlow(private val session: LoginSessionInterface) {
    private val _step = MutableStateFlow<LoginStep>(LoginStep.Credentials)

    val step: StateFlow<LoginStep> = _step.asStateFlow()
    val work = Work()

    suspend fun login(citizenId: String, password: String) = advance { session.login(citizenId, password) }

    suspend fun changePassword(current: String, new: String) = advance { session.changePassword(current, new) }

    suspend fun sendSms() {
        work.run { session.sendSms() }?.let { _step.value = LoginStep.SmsSent(it.phoneHint) }
    }

    suspend fun verifySms(code: String) = advance { session.verifySms(code) }

    suspend fun useBackupCode(code: String) = advance { session.loginWithBackupCode(code) }

    /**
     * Waits up to [waitSeconds] for the registered device's decision; answers false while it is
     * still pending.
     */
    suspend fun awaitApproval(waitSeconds: UInt): Boolean {
        val outcome = work.run { session.approvalOutcome(waitSeconds) } ?: return true
        when (outcome.state) {
            "pending" -> return false
            "approved" -> _step.value = stepAfter(outcome.next, null)
            "denied", "reported" -> work.report(ProblemReport(Problem.APPROVAL_DENIED))
            else -> work.report(ProblemReport(Problem.APPROVAL_EXPIRED))
        }
        return true
    }

    fun cancel() = session.cancel()

    private suspend fun advance(call: suspend () -> LoginProgress) {
        work.run(call)?.let { progress ->
            _step.value = if (progress.next == "second_factor") {
                LoginStep.SecondFactor(progress.secondFactors, progress.approvalCode)
            } else {
                stepAfter(progress.next, progress.backupCodesRemaining)
            }
        }
    }

    private fun stepAfter(next: String, backupCodesRemaining: Long?): LoginStep = when (next) {
        "change_password" -> LoginStep.ChangePassword
        "done" -> LoginStep.Done(backupCodesRemaining)
        else -> _step.value
    }
}
