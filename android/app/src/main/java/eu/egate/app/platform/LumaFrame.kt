// Concern: the luma (Y) plane of a YUV_420_888 camera frame, copied out with its row stride as
// the core's QR scanner takes it.
package eu.egate.app.platform

import java.nio.ByteBuffer

class LumaFrame(val luma: ByteArray, val width: Int, val height: Int, val rowStride: Int) {
    companion object {
        /** Copies [plane] (plane 0 of the frame, whose pixel stride is 1) without moving it. */
        fun of(plane: ByteBuffer, width: Int, height: Int, rowStride: Int): LumaFrame {
            val source = plane.duplicate().apply { rewind() }
            val bytes = ByteArray(source.remaining())
            source.get(bytes)
            return LumaFrame(bytes, width, height, rowStride)
        }
    }
}
