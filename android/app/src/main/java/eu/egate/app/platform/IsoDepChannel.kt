// Concern: the seam between the card transport and Android's IsoDep, so that the transport's
// settings and error mapping can be exercised without a tag.
package eu.egate.app.platform

import java.io.IOException

/** The parts of an ISO-DEP (ISO/IEC 14443-4) connection the card transport uses. */
interface IsoDepChannel {
    val isConnected: Boolean

    /** How long one exchange may take before the platform gives up. */
    var timeoutMillis: Int

    /** The longest command or response the platform carries, status word included. */
    val maxTransceiveLength: Int

    val isExtendedLengthApduSupported: Boolean

    /** The historical bytes of an NFC-A card's answer to select, if it is one. */
    val historicalBytes: ByteArray?

    /** The higher-layer response of an NFC-B card's ATTRIB, if it is one. */
    val hiLayerResponse: ByteArray?

    @Throws(IOException::class)
    fun connect()

    @Throws(IOException::class)
    fun transceive(command: ByteArray): ByteArray

    fun close()
}
