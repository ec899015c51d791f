// A document read from its chip: the holder's data, the photo and whether it is genuine; hidden from screen capture.

import EgateCore
import SwiftUI
import UIKit

struct DocumentView: View {
    let document: Document

    var body: some View {
        List {
            Section {
                HStack(alignment: .top, spacing: 16) {
                    if let face = document.face, let image = UIImage(data: face.bytes) {
                        Image(uiImage: image)
                            .resizable()
                            .scaledToFit()
                            .frame(maxWidth: 120)
                            .clipShape(RoundedRectangle(cornerRadius: 8))
                            .accessibilityLabel("document.photo")
                    }
                    VStack(alignment: .leading, spacing: 4) {
                        Text(document.primaryName)
                            .font(.title3.bold())
                        Text(document.secondaryNames)
                    }
                    .accessibilityElement(children: .combine)
                }
            }
            Section("document.authenticity") {
                VerdictLabel(title: "document.passive", verdict: CardText.passive(document.authenticity.passive))
                VerdictLabel(title: "document.chip", verdict: CardText.chip(document.authenticity.chip))
                ForEach(document.authenticity.reasons, id: \.self) { reason in
                    Label(CardText.reason(reason), systemImage: "info.circle")
                        .font(.footnote)
                }
            }
            Section("document.details") {
                LabeledContent("document.number", value: document.documentNumber)
                LabeledContent("document.nationality", value: document.nationality)
                LabeledContent("document.issuingState", value: document.issuingState)
                optional("document.dateOfBirth", document.dateOfBirth)
                optional("document.dateOfExpiry", document.dateOfExpiry)
                optional("document.sex", document.sex.map(CardText.sex))
                optional("document.personalNumber", document.personalNumber)
                optional("document.placeOfBirth", document.placeOfBirth)
                optional("document.address", document.address)
            }
            Section("document.technical") {
                LabeledContent("document.accessControl", value: document.accessControl)
                if let method = document.authenticity.chipMethod {
                    LabeledContent("document.chipMethod", value: method)
                }
                LabeledContent("document.exchanges") {
                    Text(Int(clamping: document.apdus), format: .number)
                }
            }
        }
        .captureProtected()
        .screenshotWarning("privacy.screenshotDocument")
    }

    @ViewBuilder
    private func optional(_ title: LocalizedStringKey, _ value: String?) -> some View {
        if let value, !value.isEmpty {
            LabeledContent(title, value: value)
        }
    }
}
