// Concern: the reader-mode settings ID cards need: NFC-A and NFC-B only, no NDEF probing, no
// platform sounds, a presence check no more often than once a second.
package eu.egate.app.platform

import android.nfc.NfcAdapter
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test

class NfcReaderModeTest {
    @Test
    fun theFlagsAreExactlyNfcAAndBWithoutNdefCheckOrSounds() {
        val expected = NfcAdapter.FLAG_READER_NFC_A or NfcAdapter.FLAG_READER_NFC_B or
            NfcAdapter.FLAG_READER_SKIP_NDEF_CHECK or NfcAdapter.FLAG_READER_NO_PLATFORM_SOUNDS
        assertEquals(expected, NfcReaderMode.FLAGS)
        assertEquals(0, NfcReaderMode.FLAGS and (NfcAdapter.FLAG_READER_NFC_F or NfcAdapter.FLAG_READER_NFC_V))
    }

    @Test
    fun thePresenceCheckWaitsAtLeastASecond() {
        assertTrue(NfcReaderMode.PRESENCE_CHECK_DELAY_MILLIS >= 1_000)
    }
}
