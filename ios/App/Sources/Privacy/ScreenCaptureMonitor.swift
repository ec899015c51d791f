// Whether the screen is being recorded, mirrored or shared right now.

import Combine
import UIKit

/// Follows `UIScreen.capturedDidChangeNotification` for the app's screens.
@MainActor
final class ScreenCaptureMonitor: ObservableObject {
    @Published private(set) var isCaptured = false
    private var observation: AnyCancellable?

    init() {
        isCaptured = Self.anyScreenCaptured()
        observation = NotificationCenter.default
            .publisher(for: UIScreen.capturedDidChangeNotification)
            .receive(on: RunLoop.main)
            .sink { [weak self] _ in self?.isCaptured = Self.anyScreenCaptured() }
    }

    private static func anyScreenCaptured() -> Bool {
        UIApplication.shared.connectedScenes
            .compactMap { $0 as? UIWindowScene }
            .contains { $0.screen.isCaptured }
    }
}
