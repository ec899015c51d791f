// How an approval ended, as a symbol and a sentence.

import SwiftUI

struct ApprovalOutcomeView: View {
    let outcome: ApprovalOutcome
    let done: () -> Void

    var body: some View {
        VStack(spacing: 20) {
            Image(systemName: outcome.symbol)
                .font(.system(.largeTitle))
                .imageScale(.large)
                .foregroundStyle(outcome.tint)
                .accessibilityHidden(true)
            Text(outcome.text)
                .font(.title3)
                .multilineTextAlignment(.center)
            Button("common.done", action: done)
                .buttonStyle(.borderedProminent)
                .controlSize(.large)
        }
        .padding()
        .frame(maxWidth: .infinity, maxHeight: .infinity)
    }
}
