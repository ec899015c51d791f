// Concern: the core's diagnostics (never personal data) written to the platform log.
package eu.egate.app.platform

import android.util.Log
import eu.egate.core.LogLevel
import eu.egate.core.LogSink

class LogcatSink : LogSink {
    override fun log(level: LogLevel, target: String, message: String) {
        val priority = when (level) {
            LogLevel.ERROR -> Log.ERROR
            LogLevel.WARN -> Log.WARN
            LogLevel.INFO -> Log.INFO
            LogLevel.DEBUG -> Log.DEBUG
            LogLevel.TRACE -> Log.VERBOSE
        }
        Log.println(priority, TAG, "$target: $message")
    }

    private companion object {
        const val TAG = "egate-core"
    }
}
