// Reading an ID card's machine-readable zone: Vision recognises the text, the core finds the zone and checks its digits.

import CoreVideo
import EgateCore
import Vision

/// Recognises the text of a camera frame and asks the core for an MRZ whose check digits hold.
public enum MrzTextReader {
    /// The MRZ in `pixels`, or nil to keep scanning. The frame comes from the back camera held
    /// upright, so its pixels are rotated: Vision reads them as `.right`.
    public static func mrz(in pixels: CVPixelBuffer) -> ScannedMrz? {
        let request = VNRecognizeTextRequest()
        request.recognitionLevel = .accurate
        request.usesLanguageCorrection = false
        let handler = VNImageRequestHandler(cvPixelBuffer: pixels, orientation: .right)
        do {
            try handler.perform([request])
        } catch {
            return nil
        }
        guard let lines = request.results, !lines.isEmpty else { return nil }
        return mrzFromCameraText(text: text(of: lines))
    }

    /// The recognised lines top to bottom (Vision's origin is at the bottom left), one per line.
    private static func text(of lines: [VNRecognizedTextObservation]) -> String {
        lines
            .sorted { $0.boundingBox.midY > $1.boundingBox.midY }
            .compactMap { $0.topCandidates(1).first?.string }
            .joined(separator: "\n")
    }
}
