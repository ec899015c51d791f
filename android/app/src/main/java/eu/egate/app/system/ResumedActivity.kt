// Concern: which activity is in front, for the biometric prompt a core worker asks for.
package eu.egate.app.system

import android.app.Activity
import android.app.Application
import android.os.Bundle
import androidx.fragment.app.FragmentActivity
import java.lang.ref.WeakReference

class ResumedActivity : Application.ActivityLifecycleCallbacks {
    @Volatile
    private var resumed = WeakReference<FragmentActivity>(null)

    /** The resumed activity able to host a prompt; read on the main thread. */
    val current: FragmentActivity?
        get() = resumed.get()

    override fun onActivityResumed(activity: Activity) {
        if (activity is FragmentActivity) resumed = WeakReference(activity)
    }

    override fun onActivityPaused(activity: Activity) {
        if (resumed.get() === activity) resumed = WeakReference(null)
    }

    override fun onActivityCreated(activity: Activity, savedInstanceState: Bundle?) = Unit

    override fun onActivityStarted(activity: Activity) = Unit

    override fun onActivityStopped(activity: Activity) = Unit

    override fun onActivitySaveInstanceState(activity: Activity, outState: Bundle) = Unit

    override fun onActivityDestroyed(activity: Activity) = Unit
}
