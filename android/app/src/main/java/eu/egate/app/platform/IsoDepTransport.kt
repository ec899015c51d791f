// Concern: the core's CardTransport over one ISO-DEP connection: exchanges passed through
// unchanged on the core's card worker thread, the connection's limits reported, platform
// errors mapped to TransportFailure.
package eu.egate.app.platform

import android.nfc.TagLostException
import eu.egate.core.CardTransport
import eu.egate.core.TransportFailure
import java.io.IOException

/**
 * One card connection for a read. The core calls [transceive] synchronously on its own worker
 * thread, one exchange at a time, so the blocking platform call is made directly.
 */
class IsoDepTransport private constructor(private val channel: IsoDepChannel) : CardTransport {

    override fun transceive(command: ByteArray): ByteArray = failuresMapped { channel.transceive(command) }

    override fun maxTransceiveLength(): UInt = channel.maxTransceiveLength.toUInt()

    override fun extendedLength(): Boolean = channel.isExtendedLengthApduSupported

    override fun historicalBytes(): ByteArray? =
        channel.historicalBytes?.takeIf { it.isNotEmpty() } ?: channel.hiLayerResponse?.takeIf { it.isNotEmpty() }

    fun close() = channel.close()

    companion object {
        /**
         * The time one exchange may take: PACE key agreement, Chip and Active Authentication
         * on a slow chip take seconds, far beyond the platform's default.
         */
        const val TIMEOUT_MILLIS = 5_000

        /** Connects [channel] if needed and sets its timeout. */
        fun open(channel: IsoDepChannel): IsoDepTransport = failuresMapped {
            if (!channel.isConnected) channel.connect()
            channel.timeoutMillis = TIMEOUT_MILLIS
            IsoDepTransport(channel)
        }

        private inline fun <T> failuresMapped(exchange: () -> T): T = try {
            exchange()
        } catch (e: TagLostException) {
            throw TransportFailure.TagLost()
        } catch (e: IOException) {
            throw TransportFailure.Io(e.message ?: e.javaClass.simpleName)
        } catch (e: IllegalStateException) {
            // IsoDep answers a call on a closed connection this way.
            throw TransportFailure.NotConnected()
        } catch (e: SecurityException) {
            // A tag object outlived its discovery: the card left and came back.
            throw TransportFailure.TagLost()
        }
    }
}
