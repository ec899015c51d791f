// Concern: camera frames to the core's QR scanner: each frame's luma plane with its row stride,
// the first code found handed on once.
package eu.egate.app.system.camera

import androidx.camera.core.ImageAnalysis
import androidx.camera.core.ImageProxy
import eu.egate.app.platform.LumaFrame
import eu.egate.core.QrScanException
import eu.egate.core.scanQrFrame
import java.util.concurrent.atomic.AtomicBoolean

/** Runs on the analysis executor; [onText] is called at most once, from that thread. */
class QrFrameAnalyzer(private val onText: (String) -> Unit) : ImageAnalysis.Analyzer {
    private val found = AtomicBoolean(false)

    override fun analyze(image: ImageProxy) {
        image.use {
            if (found.get()) return
            val plane = it.planes[0]
            val frame = LumaFrame.of(plane.buffer, it.width, it.height, plane.rowStride)
            val texts = try {
                scanQrFrame(frame.luma, frame.width.toUInt(), frame.height.toUInt(), frame.rowStride.toUInt())
            } catch (e: QrScanException) {
                emptyList()
            }
            texts.firstOrNull()?.let { text -> if (found.compareAndSet(false, true)) onText(text) }
        }
    }
}
