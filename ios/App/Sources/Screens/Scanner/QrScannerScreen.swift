// Scanning a login or ID verification QR code; the core decodes every camera frame.

import EgateCore
import EgatePlatform
import SwiftUI

struct QrScannerScreen: View {
    @EnvironmentObject private var app: AppModel
    @Environment(\.dismiss) private var dismiss
    @StateObject private var scanner = FrameScanner<String> { QrFrameReader.texts(in: $0).first }
    @State private var failure: FailureMessage?

    var body: some View {
        NavigationStack {
            ZStack {
                if let cameraFailure = scanner.cameraFailure {
                    CameraUnavailableView(failure: cameraFailure)
                } else {
                    CameraPreview(session: scanner.camera.session)
                        .ignoresSafeArea()
                        .accessibilityLabel("scanner.cameraLabel")
                    ScanFrameOverlay(aspectRatio: 1, hint: "scanner.qrHint")
                    if scanner.found != nil {
                        ProgressView("scanner.opening")
                            .padding()
                            .background(.regularMaterial, in: RoundedRectangle(cornerRadius: 12))
                    }
                }
            }
            .navigationTitle("scanner.title")
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button("common.cancel") { dismiss() }
                }
            }
        }
        .task { await scanner.start() }
        .onDisappear { scanner.stop() }
        .onChange(of: scanner.found) { text in
            guard let text else { return }
            Task { await open(text) }
        }
        .alert(
            "failure.title",
            isPresented: Binding(get: { failure != nil }, set: { if !$0 { failure = nil } }),
            presenting: failure
        ) { _ in
            Button("scanner.scanAgain") { Task { await scanner.scanAgain() } }
            Button("common.close", role: .cancel) { dismiss() }
        } message: { shown in
            Text(shown.text)
        }
    }

    /// Opens the code; on success the app replaces this sheet with what the code opened.
    private func open(_ text: String) async {
        do {
            try await app.openScanned(text)
        } catch GatewayFailure.InvalidInput {
            failure = FailureMessage(text: String(localized: "scanner.notEgate"))
        } catch {
            failure = FailureMessage(error) ?? FailureMessage(text: String(localized: "error.generic"))
        }
    }
}
