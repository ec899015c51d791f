// Concern: Android's NFC reader mode for ID cards and passports: NFC-A and NFC-B only, no NDEF
// probing (it disturbs some chips), no platform sounds, a relaxed presence check.
package eu.egate.app.platform

import android.app.Activity
import android.content.Context
import android.nfc.NfcAdapter
import android.nfc.tech.IsoDep
import android.os.Bundle

/** Reader mode on the phone's NFC adapter, which may be absent or switched off. */
class NfcReaderMode(private val adapter: NfcAdapter?) {
    val isPresent: Boolean
        get() = adapter != null

    val isEnabled: Boolean
        get() = adapter?.isEnabled == true

    /**
     * Delivers every ISO-DEP tag held to the phone to [onCard] (on a binder thread) while
     * [activity] is resumed; answers false when NFC is absent or off.
     */
    fun start(activity: Activity, onCard: (IsoDep) -> Unit): Boolean {
        val nfc = adapter?.takeIf { it.isEnabled } ?: return false
        nfc.enableReaderMode(activity, { tag -> IsoDep.get(tag)?.let(onCard) }, FLAGS, extras())
        return true
    }

    fun stop(activity: Activity) {
        adapter?.disableReaderMode(activity)
    }

    companion object {
        const val FLAGS = NfcAdapter.FLAG_READER_NFC_A or
            NfcAdapter.FLAG_READER_NFC_B or
            NfcAdapter.FLAG_READER_SKIP_NDEF_CHECK or
            NfcAdapter.FLAG_READER_NO_PLATFORM_SOUNDS

        /** Presence checks interleaved with a long exchange would abort it. */
        const val PRESENCE_CHECK_DELAY_MILLIS = 1_500

        fun extras(): Bundle = Bundle().apply {
            putInt(NfcAdapter.EXTRA_READER_PRESENCE_CHECK_DELAY, PRESENCE_CHECK_DELAY_MILLIS)
        }

        fun of(context: Context): NfcReaderMode = NfcReaderMode(NfcAdapter.getDefaultAdapter(context))
    }
}
