// How an ID verification ended: the phone verified, the account moved here, or the card refused.

import EgateCore
import SwiftUI

struct VerificationResultView: View {
    let state: IdVerificationState
    let done: () -> Void

    var body: some View {
        VStack(spacing: 20) {
            Image(systemName: symbol)
                .font(.system(.largeTitle))
                .imageScale(.large)
                .foregroundStyle(succeeded ? Color.green : Color.red)
                .accessibilityHidden(true)
            Text(text)
                .font(.title3)
                .multilineTextAlignment(.center)
            Button("common.done", action: done)
                .buttonStyle(.borderedProminent)
                .controlSize(.large)
        }
        .padding()
    }

    private var succeeded: Bool {
        if case .refused = state { return false }
        return true
    }

    private var symbol: String {
        succeeded ? "checkmark.circle.fill" : "xmark.octagon.fill"
    }

    private var text: String {
        switch state {
        case .phoneVerified:
            String(localized: "verification.phoneVerified")
        case let .deviceTransferred(devicesRevoked):
            String(localized: "verification.transferred \(Int(devicesRevoked))")
        case let .refused(code):
            RefusalText.message(code: code)
        default:
            String(localized: "error.generic")
        }
    }
}
