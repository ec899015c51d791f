// Entering what opens the chip: the CAN printed on the card, or the MRZ data typed or scanned.

import EgateCore
import SwiftUI

/// Passes the credentials on as typed; the core says whether they can be right.
struct CredentialEntryView: View {
    let isBusy: Bool
    let onSubmit: (CardCredentials) async -> Void

    private enum Kind: Hashable { case can, mrz }

    @State private var kind = Kind.can
    @State private var can = ""
    @State private var documentNumber = ""
    @State private var dateOfBirth = ""
    @State private var dateOfExpiry = ""
    @State private var scanning = false

    var body: some View {
        Form {
            Section {
                Picker("credentials.kind", selection: $kind) {
                    Text("credentials.can").tag(Kind.can)
                    Text("credentials.mrz").tag(Kind.mrz)
                }
                .pickerStyle(.segmented)
            }
            switch kind {
            case .can:
                Section {
                    TextField("credentials.canField", text: $can)
                        .keyboardType(.numberPad)
                        .font(.system(.title3, design: .monospaced))
                } footer: {
                    Text("credentials.canHelp")
                }
            case .mrz:
                Section {
                    Button {
                        scanning = true
                    } label: {
                        Label("credentials.scanMrz", systemImage: "text.viewfinder")
                    }
                    TextField("credentials.documentNumber", text: $documentNumber)
                        .textInputAutocapitalization(.characters)
                    TextField("credentials.dateOfBirth", text: $dateOfBirth)
                        .keyboardType(.numberPad)
                        .accessibilityHint("credentials.dateHint")
                    TextField("credentials.dateOfExpiry", text: $dateOfExpiry)
                        .keyboardType(.numberPad)
                        .accessibilityHint("credentials.dateHint")
                } footer: {
                    Text("credentials.mrzHelp")
                }
            }
            Section {
                ProgressButton("credentials.continue", isBusy: isBusy) {
                    await onSubmit(credentials)
                }
                .disabled(!complete)
            }
        }
        .autocorrectionDisabled()
        .fullScreenCover(isPresented: $scanning) {
            MrzScannerScreen { mrz in
                documentNumber = mrz.documentNumber
                dateOfBirth = mrz.dateOfBirth
                dateOfExpiry = mrz.dateOfExpiry
            }
        }
    }

    private var credentials: CardCredentials {
        switch kind {
        case .can:
            .can(can)
        case .mrz:
            .mrz(documentNumber: documentNumber, dateOfBirth: dateOfBirth, dateOfExpiry: dateOfExpiry)
        }
    }

    private var complete: Bool {
        switch kind {
        case .can: !can.isEmpty
        case .mrz: !documentNumber.isEmpty && !dateOfBirth.isEmpty && !dateOfExpiry.isEmpty
        }
    }
}
