// Concern: the process's start: the object graph, the core's log sink, the notification channel.
package eu.egate.app.system

import android.app.Application
import eu.egate.app.BuildConfig
import eu.egate.app.platform.LogcatSink
import eu.egate.core.LogLevel
import eu.egate.core.setLogSink

class EgateApp : Application() {
    lateinit var graph: AppGraph
        private set

    override fun onCreate() {
        super.onCreate()
        setLogSink(LogcatSink(), if (BuildConfig.DEBUG) LogLevel.DEBUG else LogLevel.WARN)
        graph = AppGraph(this)
        registerActivityLifecycleCallbacks(graph.resumedActivity)
        graph.loginRequests.createChannel()
    }
}
