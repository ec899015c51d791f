// The luma plane of a camera frame as the bytes, size and row stride the core's QR reader takes.

import CoreVideo
import Foundation

/// Plane 0 (Y) of a bi-planar 4:2:0 frame, copied with the stride the camera reports.
struct LumaPlane {
    let bytes: Data
    let width: UInt32
    let height: UInt32
    let stride: UInt32

    init?(_ pixels: CVPixelBuffer) {
        guard CVPixelBufferGetPlaneCount(pixels) >= 2 else { return nil }
        CVPixelBufferLockBaseAddress(pixels, .readOnly)
        defer { CVPixelBufferUnlockBaseAddress(pixels, .readOnly) }
        guard let base = CVPixelBufferGetBaseAddressOfPlane(pixels, 0) else { return nil }
        let rowBytes = CVPixelBufferGetBytesPerRowOfPlane(pixels, 0)
        let rows = CVPixelBufferGetHeightOfPlane(pixels, 0)
        bytes = Data(bytes: base, count: rowBytes * rows)
        width = UInt32(CVPixelBufferGetWidthOfPlane(pixels, 0))
        height = UInt32(rows)
        stride = UInt32(rowBytes)
    }
}
