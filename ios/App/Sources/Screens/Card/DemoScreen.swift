// Demo mode: the built-in simulated documents, read exactly like a real card ("try it without a card").

import EgateCore
import SwiftUI

struct DemoScreen: View {
    private let profiles = simulatedProfiles()

    var body: some View {
        List {
            Section {
                Text("demo.explained")
                    .foregroundStyle(.secondary)
            }
            Section("demo.documents") {
                ForEach(profiles, id: \.name) { profile in
                    NavigationLink(value: Route.cardRead(.simulated(profile))) {
                        Label(profile.description, systemImage: "person.text.rectangle")
                    }
                }
            }
        }
        .navigationTitle("demo.title")
    }
}
