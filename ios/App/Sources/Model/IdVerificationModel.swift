// One ID verification on screen: the core's verification state, the card read over NFC and the SMS confirmation.

import EgateCore
import EgatePlatform
import Foundation

/// Renders `IdVerificationState` and performs the call each state asks for. The card part runs
/// in one NFC session: read, send the evidence, and relay the gateway's chip check while the
/// card stays on the phone; a lost card or an ended session continues on the same object.
@MainActor
final class IdVerificationModel: CoreCallModel {
    /// What the verification is for.
    enum Purpose {
        /// Proving the account's phone number with the ID card.
        case phone
        /// Moving the account to this phone, registered under `deviceName`.
        case transfer(citizenId: String, deviceName: String)
    }

    @Published private(set) var state: IdVerificationState
    @Published private(set) var progress: ReadProgress?
    /// A read stopped before it finished (the sheet was closed); holding the card continues it.
    @Published private(set) var interrupted = false
    private let verification: IdVerification
    private let purpose: Purpose
    private weak var app: AppModel?

    init(verification: IdVerification, purpose: Purpose, app: AppModel) {
        self.verification = verification
        self.purpose = purpose
        self.app = app
        state = verification.state()
    }

    func enter(_ credentials: CardCredentials) {
        do {
            state = try credentials.enter(into: verification)
        } catch {
            failure = FailureMessage(error)
        }
    }

    /// Reads the card and carries the verification as far as the card is needed.
    func readCard() async {
        let nfc = NfcCardSession(prompts: .catalog)
        let listener = ReadProgressRelay { [weak self] progress in
            nfc.show(CardText.sheetMessage(progress))
            Task { @MainActor in self?.progress = progress }
        }
        await perform {
            do {
                state = try await nfc.run { card in try await advance(over: card, nfc: nfc, listener: listener) }
                interrupted = false
                nfc.finish(message: String(localized: "nfc.done"))
            } catch {
                nfc.fail(message: ErrorText.message(for: error) ?? String(localized: "nfc.stopped"))
                state = verification.state()
                interrupted = true
                throw error
            }
        }
        progress = nil
    }

    /// Sends the evidence again after a failed attempt (the card was read already).
    func send() async {
        await perform { state = try await verification.sendEvidence() }
    }

    func confirm(code: String) async {
        await perform {
            switch purpose {
            case .phone:
                state = try await verification.confirmPhone(code: code)
            case let .transfer(citizenId, deviceName):
                let device = try await verification.confirmTransfer(code: code, citizenId: citizenId, name: deviceName)
                state = verification.state()
                await app?.adopt(device)
            }
        }
    }

    /// The screen closed: a running read or call stops (the core's cancellation is final, so
    /// only a running one is cancelled).
    func cancel() {
        if isBusy {
            verification.cancel()
        }
    }

    /// Performs what each state asks for while the card is on the phone.
    private func advance(over card: CardTransport, nfc: NfcCardSession, listener: ReadListener) async throws -> IdVerificationState {
        var current = verification.state()
        while true {
            switch current {
            case .holdCard, .proveChipPresence:
                current = try await verification.readCard(transport: card, listener: listener)
            case .readyToSend:
                nfc.show(String(localized: "nfc.checking"))
                current = try await verification.sendEvidence()
            default:
                return current
            }
        }
    }
}
