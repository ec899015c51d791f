// Reading a document's chip and showing it: over NFC, or from a simulated card in demo mode.

import EgateCore
import EgatePlatform
import Foundation

/// One document read from credentials to `Document`. A lost card or an ended NFC session
/// continues on the same `CardReader`, which resumes where it stopped.
@MainActor
final class CardReadModel: CoreCallModel {
    let source: CardSource
    @Published private(set) var document: Document?
    @Published private(set) var progress: ReadProgress?
    /// Credentials were taken; nil until then, and again when the card refused them.
    @Published private(set) var reader: CardReader?
    @Published private(set) var interrupted = false

    init(source: CardSource) {
        self.source = source
    }

    /// Real documents are read without CSCA certificates (passive authentication is then
    /// reported as not performed); the simulated ones were issued by the simulator's CSCAs.
    private var trustAnchors: [Data] {
        switch source {
        case .nfc: []
        case .simulated: simulatedTrustAnchors()
        }
    }

    func start(with credentials: CardCredentials) async {
        do {
            reader = try credentials.reader(trustAnchors: trustAnchors)
        } catch {
            failure = FailureMessage(error)
            return
        }
        await read()
    }

    /// Reads, or continues the read, with the current reader.
    func read() async {
        guard let reader else { return }
        let relay: (NfcCardSession?) -> ReadProgressRelay = { nfc in
            ReadProgressRelay { [weak self] progress in
                nfc?.show(CardText.sheetMessage(progress))
                Task { @MainActor in self?.progress = progress }
            }
        }
        await perform {
            do {
                switch source {
                case .nfc:
                    document = try await readOverNfc(reader, relay: relay)
                case let .simulated(profile):
                    document = try await reader.read(transport: try simulatedCard(profile: profile.name), listener: relay(nil))
                }
                interrupted = false
            } catch CardReadError.WrongCredentials {
                self.reader = nil
                throw CardReadError.WrongCredentials
            } catch {
                interrupted = true
                throw error
            }
        }
        progress = nil
    }

    /// The screen closed: a running read stops before its next exchange (the core's
    /// cancellation is final, so only a running read is cancelled).
    func cancel() {
        if isBusy {
            reader?.cancel()
        }
    }

    private func readOverNfc(_ reader: CardReader, relay: (NfcCardSession?) -> ReadProgressRelay) async throws -> Document {
        let nfc = NfcCardSession(prompts: .catalog)
        do {
            let document = try await nfc.run { card in try await reader.read(transport: card, listener: relay(nfc)) }
            nfc.finish(message: String(localized: "nfc.done"))
            return document
        } catch {
            nfc.fail(message: ErrorText.message(for: error) ?? String(localized: "nfc.stopped"))
            throw error
        }
    }
}
