// A camera scan that reads each frame until the reader finds what it looks for.

import CoreVideo
import EgatePlatform
import Foundation

/// Runs the back camera and `read` on every frame (off the main thread); the first result is
/// published once and the camera stops until `scanAgain()`.
@MainActor
final class FrameScanner<Found: Sendable & Equatable>: ObservableObject {
    @Published private(set) var found: Found?
    @Published private(set) var cameraFailure: CameraFrameSource.Failure?
    private let read: @Sendable (CVPixelBuffer) -> Found?

    /// The camera, for the preview.
    lazy var camera = CameraFrameSource { [weak self, read] pixels in
        guard let found = read(pixels) else { return }
        Task { @MainActor in self?.deliver(found) }
    }

    init(read: @escaping @Sendable (CVPixelBuffer) -> Found?) {
        self.read = read
    }

    func start() async {
        do {
            try await camera.start()
        } catch {
            cameraFailure = error as? CameraFrameSource.Failure ?? .unavailable
        }
    }

    /// Forgets the last result and scans on.
    func scanAgain() async {
        found = nil
        await start()
    }

    func stop() {
        camera.stop()
    }

    private func deliver(_ result: Found) {
        guard found == nil else { return }
        found = result
        camera.stop()
    }
}
