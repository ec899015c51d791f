// The core's read listener, relaying each update as ReadProgress.

import EgateCore

/// Receives the core's updates on its card worker thread and passes them on at once.
final class ReadProgressRelay: ReadListener, Sendable {
    private let onProgress: @Sendable (ReadProgress) -> Void

    init(onProgress: @escaping @Sendable (ReadProgress) -> Void) {
        self.onProgress = onProgress
    }

    func onUpdate(update: ReadUpdate) throws {
        onProgress(ReadProgress(update))
    }
}
