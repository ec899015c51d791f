// The frame drawn over the camera picture to show where to hold what is scanned.

import SwiftUI

struct ScanFrameOverlay: View {
    /// Width over height of the frame: 1 for a QR code, about 1.6 for an ID card.
    let aspectRatio: CGFloat
    let hint: LocalizedStringKey

    var body: some View {
        VStack(spacing: 24) {
            RoundedRectangle(cornerRadius: 16)
                .strokeBorder(.white, lineWidth: 3)
                .aspectRatio(aspectRatio, contentMode: .fit)
                .padding(.horizontal, 32)
                .accessibilityHidden(true)
            Text(hint)
                .font(.headline)
                .multilineTextAlignment(.center)
                .padding(12)
                .background(.ultraThinMaterial, in: RoundedRectangle(cornerRadius: 12))
                .padding(.horizontal)
        }
    }
}
