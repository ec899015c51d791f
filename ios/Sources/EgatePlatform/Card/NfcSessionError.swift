// Why the system's NFC session ended before a card was connected.

/// How a wait for a card ended without one.
public enum NfcSessionError: Error, Sendable {
    /// The person closed the NFC sheet, or the app stopped waiting.
    case cancelled
    /// The system's session time limit passed before a card was held.
    case timedOut
    /// This device cannot read NFC tags, or the system is busy with another session.
    case unavailable
    /// The system ended the session for another reason.
    case failed
}
