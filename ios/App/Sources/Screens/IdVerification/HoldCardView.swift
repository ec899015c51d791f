// "Hold your card near the top of your iPhone": starting or resuming the NFC read, with its progress.

import EgatePlatform
import SwiftUI

struct HoldCardView: View {
    /// The line under the picture: what the card is needed for now.
    let instruction: LocalizedStringKey
    let progress: ReadProgress?
    let interrupted: Bool
    let isBusy: Bool
    let onRead: () async -> Void

    var body: some View {
        VStack(spacing: 24) {
            Image(systemName: "wave.3.up.circle")
                .font(.system(.largeTitle))
                .imageScale(.large)
                .foregroundStyle(.tint)
                .accessibilityHidden(true)
            Text("hold.title")
                .font(.title2.bold())
                .multilineTextAlignment(.center)
            Text(instruction)
                .multilineTextAlignment(.center)
                .foregroundStyle(.secondary)
            if let progress {
                VStack(spacing: 8) {
                    Text(CardText.phase(progress))
                    if let fraction = progress.fraction {
                        ProgressView(value: fraction)
                    } else {
                        ProgressView()
                    }
                }
                .accessibilityElement(children: .combine)
            }
            if !NfcCardSession.isAvailable {
                Label("hold.noNfc", systemImage: "exclamationmark.triangle.fill")
            } else {
                ProgressButton(interrupted ? "hold.resume" : "hold.start", isBusy: isBusy, action: onRead)
                if interrupted {
                    Text("hold.resumeExplained")
                        .font(.footnote)
                        .foregroundStyle(.secondary)
                        .multilineTextAlignment(.center)
                }
            }
        }
        .padding()
    }
}
