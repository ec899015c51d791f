// Concern: the IsoDep card transport over a scripted channel: exchanges passed through
// unchanged, the connection's limits reported, the timeout set, platform errors mapped.
package eu.egate.app.platform

import android.nfc.TagLostException
import eu.egate.core.TransportFailure
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test
import java.io.IOException

class IsoDepTransportTest {
    private class ScriptedChannel(
        override var isConnected: Boolean = false,
        override val maxTransceiveLength: Int = 261,
        override val isExtendedLengthApduSupported: Boolean = false,
        override val historicalBytes: ByteArray? = null,
        override val hiLayerResponse: ByteArray? = null,
        private val connectFailure: IOException? = null,
        private val answer: (ByteArray) -> ByteArray = { byteArrayOf(0x90.toByte(), 0x00) },
    ) : IsoDepChannel {
        override var timeoutMillis: Int = 618
        val commands = mutableListOf<ByteArray>()
        var connects = 0
        var closed = false

        override fun connect() {
            connects++
            connectFailure?.let { throw it }
            isConnected = true
        }

        override fun transceive(command: ByteArray): ByteArray {
            commands += command
            return answer(command)
        }

        override fun close() {
            closed = true
        }
    }

    @Test
    fun openingConnectsAndSetsATimeoutOfAtLeastFiveSeconds() {
        val channel = ScriptedChannel()
        IsoDepTransport.open(channel)
        assertEquals(1, channel.connects)
        assertTrue(channel.isConnected)
        assertEquals(IsoDepTransport.TIMEOUT_MILLIS, channel.timeoutMillis)
        assertTrue(channel.timeoutMillis >= 5_000)
    }

    @Test
    fun anOpenConnectionIsNotConnectedAgain() {
        val channel = ScriptedChannel(isConnected = true)
        IsoDepTransport.open(channel)
        assertEquals(0, channel.connects)
        assertEquals(IsoDepTransport.TIMEOUT_MILLIS, channel.timeoutMillis)
    }

    @Test
    fun exchangesPassThroughUnchanged() {
        val response = byteArrayOf(0x6F, 0x10, 0x01, 0x02, 0x90.toByte(), 0x00)
        val channel = ScriptedChannel(answer = { response })
        val transport = IsoDepTransport.open(channel)
        val select = byteArrayOf(0x00, 0xA4.toByte(), 0x04, 0x0C, 0x07, 0xA0.toByte(), 0, 0, 0x02, 0x47, 0x10, 0x01)
        assertArrayEquals(response, transport.transceive(select))
        assertEquals(1, channel.commands.size)
        assertArrayEquals(select, channel.commands.single())
    }

    @Test
    fun theConnectionLimitsAreReported() {
        val transport = IsoDepTransport.open(ScriptedChannel(maxTransceiveLength = 65_279, isExtendedLengthApduSupported = true))
        assertEquals(65_279u, transport.maxTransceiveLength())
        assertTrue(transport.extendedLength())
        val short = IsoDepTransport.open(ScriptedChannel())
        assertEquals(261u, short.maxTransceiveLength())
        assertFalse(short.extendedLength())
    }

    @Test
    fun historicalBytesComeFromTheAtsOrElseTheAttribResponse() {
        val ats = byteArrayOf(0x80.toByte(), 0x31, 0x80.toByte())
        val attrib = byteArrayOf(0x00, 0x01)
        assertArrayEquals(ats, IsoDepTransport.open(ScriptedChannel(historicalBytes = ats, hiLayerResponse = attrib)).historicalBytes())
        assertArrayEquals(attrib, IsoDepTransport.open(ScriptedChannel(historicalBytes = ByteArray(0), hiLayerResponse = attrib)).historicalBytes())
        assertNull(IsoDepTransport.open(ScriptedChannel()).historicalBytes())
    }

    @Test
    fun aLostTagIsTagLost() {
        val transport = IsoDepTransport.open(ScriptedChannel(answer = { throw TagLostException("Tag was lost.") }))
        try {
            transport.transceive(byteArrayOf(0x00, 0xB0.toByte(), 0x00, 0x00, 0x00))
            fail("no failure")
        } catch (e: TransportFailure.TagLost) {
            // expected
        }
    }

    @Test
    fun anotherIoErrorIsIoWithItsReason() {
        val transport = IsoDepTransport.open(ScriptedChannel(answer = { throw IOException("Transceive failed") }))
        try {
            transport.transceive(byteArrayOf(0x00, 0x84.toByte(), 0x00, 0x00, 0x08))
            fail("no failure")
        } catch (e: TransportFailure.Io) {
            assertEquals("Transceive failed", e.reason)
        }
    }

    @Test
    fun aClosedConnectionIsNotConnected() {
        val transport = IsoDepTransport.open(ScriptedChannel(answer = { throw IllegalStateException("Call connect() first!") }))
        try {
            transport.transceive(byteArrayOf(0x00, 0x84.toByte(), 0x00, 0x00, 0x08))
            fail("no failure")
        } catch (e: TransportFailure.NotConnected) {
            // expected
        }
    }

    @Test
    fun aTagLostWhileConnectingIsTagLost() {
        try {
            IsoDepTransport.open(ScriptedChannel(connectFailure = TagLostException()))
            fail("no failure")
        } catch (e: TransportFailure.TagLost) {
            // expected
        }
    }

    @Test
    fun closingClosesTheChannel() {
        val channel = ScriptedChannel()
        IsoDepTransport.open(channel).close()
        assertTrue(channel.closed)
    }
}
