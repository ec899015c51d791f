// The first-run explanation shown while no account is registered on this phone.

import SwiftUI

struct WelcomeSection: View {
    var body: some View {
        Section {
            VStack(alignment: .leading, spacing: 8) {
                Label("welcome.title", systemImage: "person.badge.shield.checkmark")
                    .font(.title2.bold())
                Text("welcome.body")
                    .foregroundStyle(.secondary)
            }
            .padding(.vertical, 8)
            .accessibilityElement(children: .combine)
        }
    }
}
