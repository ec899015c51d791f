// Running a card operation over NFC and running it again on a new connection after the card was lost.

import EgateCore

extension NfcCardSession {
    /// Runs `operation` on the card held to the phone. When the card is lost (it moved away, or
    /// the system ended the session at its time limit) the core answers `CardLost`: this waits
    /// for the card again and runs `operation` once more on the new connection, and the core
    /// continues the read where it stopped. Ends when `operation` answers or fails otherwise, or
    /// when the person closes the NFC sheet (`NfcSessionError.cancelled`).
    public func run<Value>(_ operation: (CardTransport) async throws -> Value) async throws -> Value {
        while true {
            let card = try await nextCard()
            do {
                return try await operation(card)
            } catch CardReadError.CardLost {
                continue
            }
        }
    }
}
