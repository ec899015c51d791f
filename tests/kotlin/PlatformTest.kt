// The camera and log ports from Kotlin: a login QR code is found in a padded luma frame (the
// row stride CameraX reports), an empty frame gives nothing, a frame whose size lies is a typed
// exception; an MRZ is found in the text a recogniser read (a misread digit answers nothing); the
// core's log reaches a Kotlin sink from the card worker, without personal data.

import eu.egate.core.*
import kotlinx.coroutines.runBlocking
import java.io.File
import java.util.Collections

/** The PGM (P5) frame the test harness wrote: width, height and the luma bytes. */
fun frame(): Triple<Int, Int, ByteArray> {
    val bytes = File(System.getenv("EGATE_QR_FRAME")).readBytes()
    val header = String(bytes, 0, 32, Charsets.US_ASCII).split(Regex("\\s+"))
    val (width, height) = header[1].toInt() to header[2].toInt()
    return Triple(width, height, bytes.copyOfRange(bytes.size - width * height, bytes.size))
}

/** What a text recogniser reads from the ICAO 9303 TD1 specimen: a heading, then the zone. */
const val RECOGNISED_TD1 = "IDENTITY CARD\nI<UTOD231458907<<<<<<<<<<<<<<<\n" +
    "7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<\n"

fun anMrzIsFoundInRecognisedCameraText() {
    val scanned = mrzFromCameraText(RECOGNISED_TD1)
    check(scanned == ScannedMrz("D23145890", "740812", "120415")) { "scanned $scanned" }
    val misread = mrzFromCameraText(RECOGNISED_TD1.replace("7408122F", "7408132F"))
    check(misread == null) { "a misread zone was answered: $misread" }
    CardReader.withMrz(scanned!!.documentNumber, scanned.dateOfBirth, scanned.dateOfExpiry, TRUST)
}

fun aQrCodeIsFoundInACameraFrame() {
    val (width, height, luma) = frame()
    val stride = width + 64
    val padded = ByteArray(stride * height)
    for (row in 0 until height) System.arraycopy(luma, row * width, padded, row * stride, width)
    val texts = scanQrFrame(padded, width.toUInt(), height.toUInt(), stride.toUInt())
    check(texts == listOf(System.getenv("EGATE_QR_TEXT"))) { "found $texts" }
    val blank = scanQrFrame(ByteArray(320 * 240) { 128.toByte() }, 320u, 240u, 320u)
    check(blank.isEmpty()) { "blank frame gave $blank" }
    try {
        scanQrFrame(ByteArray(100), 640u, 480u, 640u)
        throw AssertionError("a frame smaller than its dimensions was searched")
    } catch (e: QrScanException.BadFrame) {
        check(e.reason.contains("640")) { "reason ${e.reason}" }
    }
}

class Collected : LogSink {
    val lines: MutableList<String> = Collections.synchronizedList(mutableListOf())
    val threads: MutableSet<String> = Collections.synchronizedSet(mutableSetOf())
    override fun log(level: LogLevel, target: String, message: String) {
        lines.add("$level $target $message")
        threads.add(Thread.currentThread().name)
    }
}

fun theCoresLogReachesAKotlinSinkWithoutPersonalData() = runBlocking {
    val sink = Collected()
    val caller = Thread.currentThread().name
    setLogSink(sink, LogLevel.DEBUG)
    try {
        CardReader.withCan(ID_CARD.can!!, TRUST).read(simulatedCard("td1-id"), Updates())
    } finally {
        clearLogSink()
    }
    val lines = sink.lines.toList()
    check(lines.any { it.startsWith("DEBUG egate_core::card::session ") && it.contains("card <-") }) {
        "no APDU trace among ${lines.size} lines: ${lines.take(3)}"
    }
    check(lines.none { it.contains("YILDIZ") || it.contains("10000000146") }) { "personal data logged" }
    check(caller !in sink.threads) { "logged on the caller's thread $caller" }
    val after = sink.lines.size
    CardReader.withCan(ID_CARD.can!!, TRUST).read(simulatedCard("td1-id"), Updates())
    check(sink.lines.size == after) { "a cleared sink still got ${sink.lines.size - after} lines" }
}
