// Concern: one screen's calls into the core: at most one at a time, whether one is running,
// and the problem the last one ended with.
package eu.egate.app.state

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import java.util.concurrent.atomic.AtomicBoolean

class Work {
    private val running = AtomicBoolean(false)
    private val _busy = MutableStateFlow(false)
    private val _problem = MutableStateFlow<ProblemReport?>(null)

    val busy: StateFlow<Boolean> = _busy.asStateFlow()
    val problem: StateFlow<ProblemReport?> = _problem.asStateFlow()

    /**
     * Runs [call] unless another call is running; answers its result, or null when it failed
     * (then [problem] says why) or did not start.
     */
    suspend fun <T> run(call: suspend () -> T): T? {
        if (!running.compareAndSet(false, true)) return null
        _busy.value = true
        _problem.value = null
        return try {
            call()
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            _problem.value = problemOf(e)
            null
        } finally {
            _busy.value = false
            running.set(false)
        }
    }

    fun report(problem: ProblemReport) {
        _problem.value = problem
    }

    fun dismissProblem() {
        _problem.value = null
    }
}
