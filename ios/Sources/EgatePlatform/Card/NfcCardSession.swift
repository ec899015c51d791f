// The CoreNFC reader session: begins sessions, connects ISO 7816 cards and hands out one transport per connection.

@preconcurrency import CoreNFC
import EgateCore
import Foundation

/// Finds and connects ID cards with `NFCTagReaderSession` (ISO 14443). One object serves one
/// read from start to finish: when a card is lost, or the system ends the session at its time
/// limit, `nextCard()` polls again or begins a new session, and the caller runs the same core
/// object again so that the read continues where it stopped. All state lives on `queue`, which
/// is also the session's delegate queue; the core's card worker never runs on it.
public final class NfcCardSession: NSObject, @unchecked Sendable {
    /// Whether this device reads NFC tags at all.
    public static var isAvailable: Bool { NFCTagReaderSession.readingAvailable }

    private let prompts: NfcPrompts
    private let queue = DispatchQueue(label: "eu.egate.nfc-session")
    private var session: NFCTagReaderSession?
    private var transport: CoreNfcTransport?
    private var waiter: CheckedContinuation<CardTransport, Error>?
    private var stopped = false

    public init(prompts: NfcPrompts) {
        self.prompts = prompts
    }

    /// The next card connection: polls again in a running session, or begins a new session when
    /// none is running. Throws `NfcSessionError.cancelled` once the person closed the sheet.
    public func nextCard() async throws -> CardTransport {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                queue.async { self.wait(continuation) }
            }
        } onCancel: {
            queue.async { self.stop(message: nil, failed: false) }
        }
    }

    /// Shows `message` in the system's NFC sheet.
    public func show(_ message: String) {
        queue.async { self.session?.alertMessage = message }
    }

    /// Ends the session with a success message.
    public func finish(message: String) {
        queue.async { self.stop(message: message, failed: false) }
    }

    /// Ends the session with an error message.
    public func fail(message: String) {
        queue.async { self.stop(message: message, failed: true) }
    }

    private func wait(_ continuation: CheckedContinuation<CardTransport, Error>) {
        guard !stopped else {
            continuation.resume(throwing: NfcSessionError.cancelled)
            return
        }
        waiter?.resume(throwing: NfcSessionError.cancelled)
        waiter = continuation
        transport?.close()
        transport = nil
        if let session, session.isReady {
            session.alertMessage = prompts.holdAgain
            session.restartPolling()
        } else {
            begin()
        }
    }

    private func begin() {
        guard let session = NFCTagReaderSession(pollingOption: .iso14443, delegate: self, queue: queue) else {
            resumeWaiter(throwing: NfcSessionError.unavailable)
            return
        }
        session.alertMessage = prompts.holdCard
        self.session = session
        session.begin()
    }

    /// Ends everything; the session's own invalidation callback is then ignored.
    private func stop(message: String?, failed: Bool) {
        stopped = true
        transport?.close()
        transport = nil
        if let session {
            self.session = nil
            if let message, failed {
                session.invalidate(errorMessage: message)
            } else {
                if let message { session.alertMessage = message }
                session.invalidate()
            }
        }
        resumeWaiter(throwing: NfcSessionError.cancelled)
    }

    private func resumeWaiter(throwing error: Error) {
        waiter?.resume(throwing: error)
        waiter = nil
    }

    private func connected(_ tag: NFCISO7816Tag, in session: NFCTagReaderSession) {
        let transport = CoreNfcTransport(tag: tag, sessionQueue: queue)
        self.transport = transport
        session.alertMessage = prompts.reading
        waiter?.resume(returning: transport)
        waiter = nil
    }
}

extension NfcCardSession: NFCTagReaderSessionDelegate {
    public func tagReaderSession(_ session: NFCTagReaderSession, didInvalidateWithError error: Error) {
        guard session === self.session else { return }
        self.session = nil
        transport?.close()
        transport = nil
        let code = (error as? NFCReaderError)?.code
        switch code {
        case .readerSessionInvalidationErrorUserCanceled:
            stopped = true
            resumeWaiter(throwing: NfcSessionError.cancelled)
        case .readerSessionInvalidationErrorSessionTimeout:
            resumeWaiter(throwing: NfcSessionError.timedOut)
        case .readerSessionInvalidationErrorSystemIsBusy:
            resumeWaiter(throwing: NfcSessionError.unavailable)
        default:
            resumeWaiter(throwing: NfcSessionError.failed)
        }
    }

    public func tagReaderSession(_ session: NFCTagReaderSession, didDetect tags: [NFCTag]) {
        guard tags.count == 1, let tag = tags.first, case let .iso7816(card) = tag else {
            session.alertMessage = tags.count > 1 ? prompts.oneCardOnly : prompts.notAnIdCard
            session.restartPolling()
            return
        }
        session.connect(to: tag) { [weak self] error in
            guard let self, session === self.session else { return }
            if error == nil {
                self.connected(card, in: session)
            } else {
                session.alertMessage = self.prompts.holdAgain
                session.restartPolling()
            }
        }
    }
}
