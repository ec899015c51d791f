// Concern: the activity behind a Compose context, for platform calls that need one (NFC reader
// mode, the push distributor picker).
package eu.egate.app.ui.common

import android.app.Activity
import android.content.Context
import android.content.ContextWrapper

tailrec fun Context.findActivity(): Activity = when (this) {
    is Activity -> this
    is ContextWrapper -> baseContext.findActivity()
    else -> error("no activity behind $this")
}
