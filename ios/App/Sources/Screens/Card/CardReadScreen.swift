// Reading a document: credentials, then the card held to the phone (or the simulated card), then the document.

import EgateCore
import SwiftUI

struct CardReadScreen: View {
    @StateObject private var model: CardReadModel

    init(source: CardSource) {
        _model = StateObject(wrappedValue: CardReadModel(source: source))
    }

    var body: some View {
        content
            .navigationTitle("read.title")
            .failureAlert($model.failure)
            .onDisappear { model.cancel() }
    }

    @ViewBuilder
    private var content: some View {
        if let document = model.document {
            DocumentView(document: document)
        } else {
            switch model.source {
            case .nfc:
                if model.reader == nil {
                    CredentialEntryView(isBusy: model.isBusy) { await model.start(with: $0) }
                } else {
                    HoldCardView(
                        instruction: "hold.instruction",
                        progress: model.progress,
                        interrupted: model.interrupted,
                        isBusy: model.isBusy
                    ) { await model.read() }
                }
            case let .simulated(profile):
                VStack(spacing: 16) {
                    ProgressView()
                    if let progress = model.progress {
                        Text(CardText.phase(progress))
                    }
                }
                .accessibilityElement(children: .combine)
                .task { await model.start(with: CardCredentials(profile)) }
            }
        }
    }
}
