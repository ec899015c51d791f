// Concern: the core's read updates as the progress a "hold your card" screen shows: the phase
// in words and how much of the file being read has arrived.
package eu.egate.app.state

import eu.egate.core.ReadUpdate

enum class ReadPhase {
    CONNECTING,
    UNLOCKING,
    CONFIRMING_DOCUMENT,
    CHECKING_CHIP,
    READING_DATA,
    READING_PHOTO,
}

data class ReadProgress(
    val phase: ReadPhase,
    val bytesDone: Long = 0,
    val bytesTotal: Long? = null,
    val phaseFinished: Boolean = false,
    /** The read continues where a lost card left it. */
    val resumed: Boolean = false,
) {
    /** How much of the current phase is done, when that is known. */
    val fraction: Float?
        get() = when {
            phaseFinished -> 1f
            bytesTotal != null && bytesTotal > 0 -> (bytesDone.toFloat() / bytesTotal).coerceIn(0f, 1f)
            else -> null
        }

    /** The progress after [update]. */
    fun after(update: ReadUpdate): ReadProgress {
        val updatePhase = update.phase?.let(::phaseOf) ?: phase
        return when (update.kind) {
            "started" -> ReadProgress(updatePhase, resumed = resumed)
            "finished" -> copy(phase = updatePhase, phaseFinished = true)
            "bytes" -> copy(
                phase = updatePhase,
                bytesDone = update.bytesDone.toLong(),
                bytesTotal = update.bytesTotal?.toLong(),
                phaseFinished = false,
            )
            "resumed" -> copy(resumed = true)
            else -> this
        }
    }

    companion object {
        val START = ReadProgress(ReadPhase.CONNECTING)
    }
}

private fun phaseOf(name: String): ReadPhase = when (name) {
    "card_access" -> ReadPhase.CONNECTING
    "access_control" -> ReadPhase.UNLOCKING
    "confirming_document" -> ReadPhase.CONFIRMING_DOCUMENT
    "chip_authentication", "active_authentication" -> ReadPhase.CHECKING_CHIP
    "DG2" -> ReadPhase.READING_PHOTO
    else -> ReadPhase.READING_DATA
}
