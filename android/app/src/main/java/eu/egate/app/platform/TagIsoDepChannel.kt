// Concern: the IsoDepChannel of a real tag, over android.nfc.tech.IsoDep.
package eu.egate.app.platform

import android.nfc.tech.IsoDep

/** An [IsoDepChannel] over the tag the reader mode discovered. */
class TagIsoDepChannel(private val isoDep: IsoDep) : IsoDepChannel {
    override val isConnected: Boolean
        get() = isoDep.isConnected

    override var timeoutMillis: Int
        get() = isoDep.timeout
        set(value) {
            isoDep.timeout = value
        }

    override val maxTransceiveLength: Int
        get() = isoDep.maxTransceiveLength

    override val isExtendedLengthApduSupported: Boolean
        get() = isoDep.isExtendedLengthApduSupported

    override val historicalBytes: ByteArray?
        get() = isoDep.historicalBytes

    override val hiLayerResponse: ByteArray?
        get() = isoDep.hiLayerResponse

    override fun connect() = isoDep.connect()

    override fun transceive(command: ByteArray): ByteArray = isoDep.transceive(command)

    override fun close() {
        // A tag that already left the field cannot be closed any further.
        runCatching { isoDep.close() }
    }
}
