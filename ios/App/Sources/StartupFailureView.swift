// What the app shows when it cannot create its data directory (the phone's storage is full or failing).

import SwiftUI

struct StartupFailureView: View {
    var body: some View {
        VStack(spacing: 16) {
            Image(systemName: "externaldrive.badge.exclamationmark")
                .font(.largeTitle)
                .accessibilityHidden(true)
            Text("startup.failed")
                .multilineTextAlignment(.center)
        }
        .padding()
    }
}
