// A verdict as symbol and text, tinted only to repeat what they say.

import SwiftUI

struct VerdictLabel: View {
    let title: LocalizedStringKey
    let verdict: Verdict

    var body: some View {
        LabeledContent {
            Label {
                Text(verdict.text)
            } icon: {
                Image(systemName: verdict.symbol)
                    .foregroundStyle(verdict.tint)
            }
        } label: {
            Text(title)
        }
        .accessibilityElement(children: .combine)
    }
}
