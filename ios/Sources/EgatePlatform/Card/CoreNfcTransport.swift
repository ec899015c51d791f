// The core's CardTransport over one CoreNFC ISO 7816 tag connection, blocking only the core's card worker.

@preconcurrency import CoreNFC
import EgateCore
import Foundation
import os

/// One connection to an ISO 7816 tag. The core calls `transceive` synchronously on its card
/// worker thread; the command goes out on the NFC session's queue and only that worker waits
/// for the answer, so the session's delegate queue stays free.
public final class CoreNfcTransport: CardTransport, @unchecked Sendable {
    /// Short APDUs: 5 header bytes, 255 data bytes and Le (CoreNFC does not report extended length).
    private static let shortApduLimit: UInt32 = 261
    /// A card answers within a few seconds; past this the exchange counts as timed out.
    private static let answerTimeout: DispatchTimeInterval = .seconds(20)

    private let tag: NFCISO7816Tag
    private let sessionQueue: DispatchQueue
    private let closed = OSAllocatedUnfairLock(initialState: false)

    init(tag: NFCISO7816Tag, sessionQueue: DispatchQueue) {
        self.tag = tag
        self.sessionQueue = sessionQueue
    }

    /// Marks the connection gone (its session ended): every later exchange fails as a lost tag.
    func close() {
        closed.withLock { $0 = true }
    }

    public func transceive(command: Data) throws -> Data {
        guard !closed.withLock({ $0 }) else { throw TransportFailure.TagLost }
        guard let apdu = NFCISO7816APDU(data: command) else {
            throw TransportFailure.Io(reason: "not a command APDU")
        }
        let answer = OSAllocatedUnfairLock<Result<Data, TransportFailure>?>(initialState: nil)
        let answered = DispatchSemaphore(value: 0)
        sessionQueue.async { [tag] in
            tag.sendCommand(apdu: apdu) { body, sw1, sw2, error in
                let result: Result<Data, TransportFailure> = error.map { .failure(Self.failure(for: $0)) }
                    ?? .success(body + [sw1, sw2])
                answer.withLock { $0 = result }
                answered.signal()
            }
        }
        guard answered.wait(timeout: .now() + Self.answerTimeout) == .success,
              let result = answer.withLock({ $0 })
        else { throw TransportFailure.Timeout }
        return try result.get()
    }

    public func maxTransceiveLength() -> UInt32 { Self.shortApduLimit }

    public func extendedLength() -> Bool { false }

    public func historicalBytes() -> Data? { tag.historicalBytes }

    private static func failure(for error: Error) -> TransportFailure {
        guard let nfcError = error as? NFCReaderError else {
            return .Io(reason: error.localizedDescription)
        }
        switch nfcError.code {
        case .readerTransceiveErrorTagConnectionLost,
             .readerTransceiveErrorRetryExceeded,
             .readerTransceiveErrorSessionInvalidated,
             .readerSessionInvalidationErrorSessionTimeout,
             .readerSessionInvalidationErrorUserCanceled,
             .readerSessionInvalidationErrorSessionTerminatedUnexpectedly:
            return .TagLost
        case .readerTransceiveErrorTagNotConnected:
            return .NotConnected
        default:
            return .Io(reason: nfcError.localizedDescription)
        }
    }
}
