// The busy flag and the failure to show of a screen that calls the core.

import Foundation

/// The base of the screens' models: one core call at a time, its failure kept for an alert.
@MainActor
class CoreCallModel: ObservableObject {
    @Published private(set) var isBusy = false
    @Published var failure: FailureMessage?

    /// Runs `call` unless another is running; a thrown error becomes the failure to show.
    func perform(_ call: () async throws -> Void) async {
        guard !isBusy else { return }
        isBusy = true
        defer { isBusy = false }
        do {
            try await call()
        } catch {
            failure = FailureMessage(error)
        }
    }
}
