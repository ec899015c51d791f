// A failure as the localised text an alert shows.

import Foundation

/// One failure to show. Errors the person caused on purpose (a closed prompt, a cancelled
/// read) have no message and show nothing.
struct FailureMessage: Identifiable {
    let id = UUID()
    let text: String

    init(text: String) {
        self.text = text
    }

    init?(_ error: Error) {
        guard let text = ErrorText.message(for: error) else { return nil }
        self.text = text
    }
}
