// Concern: what the holder typed or scanned to open the chip: the card access number, or the
// MRZ's document number and dates; the core checks both.
package eu.egate.app.state

import eu.egate.core.CardReader

sealed interface CardCredentials {
    data class Can(val can: String) : CardCredentials

    /** Dates as YYMMDD. */
    data class Mrz(val documentNumber: String, val dateOfBirth: String, val dateOfExpiry: String) : CardCredentials

    /** A reader for these credentials; throws `CardReadException.InvalidInput` when they cannot be right. */
    fun reader(trustAnchors: List<ByteArray>): CardReader = when (this) {
        is Can -> CardReader.withCan(can, trustAnchors)
        is Mrz -> CardReader.withMrz(documentNumber, dateOfBirth, dateOfExpiry, trustAnchors)
    }
}
