// Scanning the machine-readable zone on the back of an ID card; the core accepts it only when its check digits hold.

import EgateCore
import EgatePlatform
import SwiftUI

struct MrzScannerScreen: View {
    let onScanned: (ScannedMrz) -> Void
    @Environment(\.dismiss) private var dismiss
    @StateObject private var scanner = FrameScanner<ScannedMrz> { MrzTextReader.mrz(in: $0) }

    var body: some View {
        NavigationStack {
            ZStack {
                if let failure = scanner.cameraFailure {
                    CameraUnavailableView(failure: failure)
                } else {
                    CameraPreview(session: scanner.camera.session)
                        .ignoresSafeArea()
                        .accessibilityLabel("scanner.cameraLabel")
                    ScanFrameOverlay(aspectRatio: 1.586, hint: "scanner.mrzHint")
                }
            }
            .navigationTitle("scanner.mrzTitle")
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button("scanner.typeInstead") { dismiss() }
                }
            }
        }
        .task { await scanner.start() }
        .onDisappear { scanner.stop() }
        .onChange(of: scanner.found) { mrz in
            guard let mrz else { return }
            onScanned(mrz)
            dismiss()
        }
    }
}
