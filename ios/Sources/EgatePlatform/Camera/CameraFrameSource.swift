// The back camera as a stream of full-range 4:2:0 frames for the QR and MRZ readers.

@preconcurrency import AVFoundation
import Foundation

/// Runs an `AVCaptureSession` on the back camera and hands every frame to `onFrame` on its own
/// serial queue. Late frames are dropped while one is being read, so a slow reader (text
/// recognition) simply sees fewer frames.
public final class CameraFrameSource: NSObject, @unchecked Sendable {
    /// Why the camera cannot run.
    public enum Failure: Error, Sendable {
        /// The person refused camera access (Settings can change it).
        case notAllowed
        /// No usable back camera.
        case unavailable
    }

    /// The session, for a preview layer.
    public let session = AVCaptureSession()
    private let sessionQueue = DispatchQueue(label: "eu.egate.camera-session")
    private let frameQueue = DispatchQueue(label: "eu.egate.camera-frames")
    private let onFrame: @Sendable (CVPixelBuffer) -> Void
    private var configured = false

    /// `onFrame` runs on the frame queue, one frame at a time.
    public init(onFrame: @escaping @Sendable (CVPixelBuffer) -> Void) {
        self.onFrame = onFrame
    }

    /// Asks for camera access when needed, then starts the capture.
    public func start() async throws {
        guard await AVCaptureDevice.requestAccess(for: .video) else { throw Failure.notAllowed }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            sessionQueue.async {
                do {
                    try self.configureOnce()
                    self.session.startRunning()
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Stops the capture.
    public func stop() {
        sessionQueue.async { self.session.stopRunning() }
    }

    private func configureOnce() throws {
        guard !configured else { return }
        guard let camera = AVCaptureDevice.default(.builtInWideAngleCamera, for: .video, position: .back),
              let input = try? AVCaptureDeviceInput(device: camera)
        else { throw Failure.unavailable }
        let output = AVCaptureVideoDataOutput()
        output.videoSettings = [
            kCVPixelBufferPixelFormatTypeKey as String: kCVPixelFormatType_420YpCbCr8BiPlanarFullRange,
        ]
        output.alwaysDiscardsLateVideoFrames = true
        output.setSampleBufferDelegate(self, queue: frameQueue)
        session.beginConfiguration()
        defer { session.commitConfiguration() }
        if session.canSetSessionPreset(.hd1920x1080) {
            session.sessionPreset = .hd1920x1080
        }
        guard session.canAddInput(input), session.canAddOutput(output) else { throw Failure.unavailable }
        session.addInput(input)
        session.addOutput(output)
        configured = true
    }
}

extension CameraFrameSource: AVCaptureVideoDataOutputSampleBufferDelegate {
    public func captureOutput(
        _ output: AVCaptureOutput,
        didOutput sampleBuffer: CMSampleBuffer,
        from connection: AVCaptureConnection
    ) {
        guard let pixels = CMSampleBufferGetImageBuffer(sampleBuffer) else { return }
        onFrame(pixels)
    }
}
