// What a scanner shows when the camera cannot run, with the way to Settings when access was refused.

import EgatePlatform
import SwiftUI
import UIKit

struct CameraUnavailableView: View {
    let failure: CameraFrameSource.Failure
    @Environment(\.openURL) private var openURL

    var body: some View {
        VStack(spacing: 16) {
            Image(systemName: "camera.fill")
                .font(.largeTitle)
                .accessibilityHidden(true)
            switch failure {
            case .notAllowed:
                Text("camera.notAllowed")
                    .multilineTextAlignment(.center)
                if let settings = URL(string: UIApplication.openSettingsURLString) {
                    Button("camera.openSettings") { openURL(settings) }
                        .buttonStyle(.borderedProminent)
                }
            case .unavailable:
                Text("camera.unavailable")
                    .multilineTextAlignment(.center)
            }
        }
        .padding()
    }
}
