// Reading QR codes in camera frames with the core's decoder.

import CoreVideo
import EgateCore

/// Passes each frame's luma plane to the core and reports the first QR code text found.
public enum QrFrameReader {
    /// The texts of the QR codes in `pixels`; none for a frame without one (or one the core
    /// cannot take, which the next frame replaces).
    public static func texts(in pixels: CVPixelBuffer) -> [String] {
        guard let luma = LumaPlane(pixels) else { return [] }
        return (try? scanQrFrame(luma: luma.bytes, width: luma.width, height: luma.height, stride: luma.stride)) ?? []
    }
}
