// The generated Swift bindings on Linux: a Swift CardTransport carries every APDU of a full read
// of the simulated ID card (Swift → Rust → Swift), never on the caller's thread; typed errors
// arrive as Swift errors, one of them thrown inside the Swift callback; a lost card is read on;
// a read is cancelled from Swift; a login QR code is found in a padded luma frame; an MRZ is
// found in recognised text (a misread digit answers nothing); the core's log reaches a Swift
// sink without personal data. The top level runs these and the other files' tests (login flows,
// the account, ID verification, the move to a new phone) in order.

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A Swift transport in front of a card, as the iOS CoreNFC adapter is.
class SwiftTransport: CardTransport, @unchecked Sendable {
    let card: CardTransport
    private let lock = NSLock()
    private var count = 0
    private var onCaller = false
    let caller = Thread.current

    init(_ card: CardTransport) { self.card = card }

    var commands: Int { lock.lock(); defer { lock.unlock() }; return count }
    var ranOnCaller: Bool { lock.lock(); defer { lock.unlock() }; return onCaller }

    /// Counts the exchange; answers its number.
    func counted() -> Int {
        lock.lock(); defer { lock.unlock() }
        count += 1
        if Thread.current == caller { onCaller = true }
        return count
    }

    func transceive(command: Data) throws -> Data {
        _ = counted()
        return try card.transceive(command: command)
    }

    func maxTransceiveLength() -> UInt32 { card.maxTransceiveLength() }
    func extendedLength() -> Bool { card.extendedLength() }
    func historicalBytes() -> Data? { card.historicalBytes() }
}

/// Loses the tag at exchange `at`, as CoreNFC's tag connection lost error does.
final class LosingTransport: SwiftTransport, @unchecked Sendable {
    let at: Int
    init(_ card: CardTransport, at: Int) { self.at = at; super.init(card) }
    override func transceive(command: Data) throws -> Data {
        if counted() == at { throw TransportFailure.TagLost }
        return try card.transceive(command: command)
    }
}

struct SwiftFailure: Error, CustomStringConvertible {
    var description: String { "NFC session invalidated" }
}

/// Throws an error the interface does not declare.
final class BrokenTransport: SwiftTransport, @unchecked Sendable {
    override func transceive(command: Data) throws -> Data {
        if counted() > 3 { throw SwiftFailure() }
        return try card.transceive(command: command)
    }
}

/// Cancels `reader` at exchange 10.
final class CancellingTransport: SwiftTransport, @unchecked Sendable {
    var reader: CardReader?
    override func transceive(command: Data) throws -> Data {
        if counted() == 10 { reader?.cancel() }
        return try card.transceive(command: command)
    }
}

final class Updates: ReadListener, @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [ReadUpdate] = []
    func onUpdate(update: ReadUpdate) throws { lock.lock(); seen.append(update); lock.unlock() }
    var all: [ReadUpdate] { lock.lock(); defer { lock.unlock() }; return seen }
}

struct Failure: Error, CustomStringConvertible { let description: String }

func check(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw Failure(description: message()) }
}

let idCard = simulatedProfiles().first { $0.name == "td1-id" }!
let trust = simulatedTrustAnchors()

func aFullReadGoesThroughSwift() async throws {
    let transport = SwiftTransport(try simulatedCard(profile: "td1-id"))
    let updates = Updates()
    let document = try await CardReader.withCan(can: idCard.can!, trustAnchors: trust)
        .read(transport: transport, listener: updates)
    try check(document.primaryName == "YILDIZ", "name \(document.primaryName)")
    try check(document.personalNumber == "10000000146", "personal number")
    try check(document.authenticity.passive == "valid", "passive \(document.authenticity)")
    try check(document.authenticity.chip == "valid", "chip \(document.authenticity)")
    try check(document.face?.format == "png", "face \(String(describing: document.face?.format))")
    try check(UInt64(transport.commands) == document.apdus,
              "Swift carried \(transport.commands) of \(document.apdus) APDUs")
    try check(!transport.ranOnCaller, "transceive ran on the caller's thread")
    try check(updates.all.contains { $0.kind == "finished" && $0.phase == "DG2" }, "no DG2 update")
}

func typedErrorsArriveAsSwiftErrors() async throws {
    do {
        _ = try CardReader.withCan(can: "12x", trustAnchors: trust)
        throw Failure(description: "a CAN with a letter was accepted")
    } catch CardReadError.InvalidInput {}
    do {
        _ = try await CardReader.withCan(can: "000000", trustAnchors: trust)
            .read(transport: SwiftTransport(try simulatedCard(profile: "td1-id")), listener: nil)
        throw Failure(description: "a wrong CAN opened the card")
    } catch CardReadError.WrongCredentials {}
    do {
        _ = try await CardReader.withCan(can: idCard.can!, trustAnchors: trust)
            .read(transport: BrokenTransport(try simulatedCard(profile: "td1-id")), listener: nil)
        throw Failure(description: "the callback's error was lost")
    } catch CardReadError.CardLost(let reason) {
        try check(!reason.isEmpty, "empty reason")
    }
}

func aLostCardIsReadOnWhenPresentedAgain() async throws {
    let reader = try CardReader.withCan(can: idCard.can!, trustAnchors: trust)
    do {
        _ = try await reader.read(transport: LosingTransport(try simulatedCard(profile: "td1-id"), at: 40), listener: nil)
        throw Failure(description: "the tag loss was not reported")
    } catch CardReadError.CardLost {}
    let again = SwiftTransport(try simulatedCard(profile: "td1-id"))
    let document = try await reader.read(transport: again, listener: nil)
    try check(document.authenticity.passive == "valid", "after resume \(document.authenticity)")
    try check(UInt64(again.commands) < document.apdus, "the second connection re-read everything")
}

func aReadIsCancelledFromSwift() async throws {
    let reader = try CardReader.withCan(can: idCard.can!, trustAnchors: trust)
    let transport = CancellingTransport(try simulatedCard(profile: "td1-id"))
    transport.reader = reader
    do {
        _ = try await reader.read(transport: transport, listener: nil)
        throw Failure(description: "the read was not cancelled")
    } catch CardReadError.Cancelled {}
    try check(transport.commands <= 12, "\(transport.commands) APDUs after cancel")
}

/// The PGM (P5) frame the test harness wrote: width, height and the luma bytes.
func frame() throws -> (Int, Int, Data) {
    let env = ProcessInfo.processInfo.environment
    let bytes = try Data(contentsOf: URL(fileURLWithPath: env["EGATE_QR_FRAME"]!))
    let header = String(decoding: bytes.prefix(32), as: UTF8.self)
        .split(whereSeparator: { $0 == " " || $0 == "\n" })
    let (width, height) = (Int(header[1])!, Int(header[2])!)
    return (width, height, bytes.suffix(width * height))
}

/// What a text recogniser reads from the ICAO 9303 TD1 specimen: a heading, then the zone.
let recognisedTd1 = "IDENTITY CARD\nI<UTOD231458907<<<<<<<<<<<<<<<\n"
    + "7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<\n"

func anMrzIsFoundInRecognisedCameraText() async throws {
    let scanned = mrzFromCameraText(text: recognisedTd1)
    try check(scanned == ScannedMrz(documentNumber: "D23145890", dateOfBirth: "740812",
                                    dateOfExpiry: "120415"), "scanned \(String(describing: scanned))")
    let misread = mrzFromCameraText(text: recognisedTd1.replacingOccurrences(of: "7408122F", with: "7408132F"))
    try check(misread == nil, "a misread zone was answered")
    _ = try CardReader.withMrz(documentNumber: scanned!.documentNumber, dateOfBirth: scanned!.dateOfBirth,
                               dateOfExpiry: scanned!.dateOfExpiry, trustAnchors: trust)
}

func aQrCodeIsFoundInACameraFrame() async throws {
    let (width, height, luma) = try frame()
    let stride = width + 64
    var padded = Data(count: stride * height)
    let rows = Array(luma)
    for row in 0..<height {
        padded.replaceSubrange(row * stride..<(row * stride + width),
                               with: rows[(row * width)..<(row * width + width)])
    }
    let texts = try scanQrFrame(luma: padded, width: UInt32(width), height: UInt32(height),
                                stride: UInt32(stride))
    try check(texts == [ProcessInfo.processInfo.environment["EGATE_QR_TEXT"]!], "found \(texts)")
    let blank = try scanQrFrame(luma: Data(repeating: 128, count: 320 * 240), width: 320,
                                height: 240, stride: 320)
    try check(blank.isEmpty, "blank frame gave \(blank)")
    do {
        _ = try scanQrFrame(luma: Data(count: 100), width: 640, height: 480, stride: 640)
        throw Failure(description: "a frame smaller than its dimensions was searched")
    } catch QrScanError.BadFrame(let reason) {
        try check(reason.contains("640"), "reason \(reason)")
    }
}

final class Collected: LogSink, @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return collected }
    func log(level: LogLevel, target: String, message: String) {
        lock.lock(); collected.append("\(level) \(target) \(message)"); lock.unlock()
    }
}

func theCoresLogReachesASwiftSinkWithoutPersonalData() async throws {
    let sink = Collected()
    setLogSink(sink: sink, level: .debug)
    _ = try await CardReader.withCan(can: idCard.can!, trustAnchors: trust)
        .read(transport: try simulatedCard(profile: "td1-id"), listener: Updates())
    clearLogSink()
    let lines = sink.lines
    try check(lines.contains { $0.hasPrefix("debug egate_core::card::session ") && $0.contains("card <-") },
              "no APDU trace among \(lines.count) lines: \(lines.prefix(3))")
    try check(!lines.contains { $0.contains("YILDIZ") || $0.contains("10000000146") },
              "personal data logged")
    let after = sink.lines.count
    _ = try await CardReader.withCan(can: idCard.can!, trustAnchors: trust)
        .read(transport: try simulatedCard(profile: "td1-id"), listener: Updates())
    try check(sink.lines.count == after, "a cleared sink still got lines")
}

let tests: [(String, () async throws -> Void)] = [
    ("a full read goes through Swift", aFullReadGoesThroughSwift),
    ("typed errors arrive as Swift errors", typedErrorsArriveAsSwiftErrors),
    ("a lost card is read on when presented again", aLostCardIsReadOnWhenPresentedAgain),
    ("a read is cancelled from Swift", aReadIsCancelledFromSwift),
    ("a QR code is found in a camera frame", aQrCodeIsFoundInACameraFrame),
    ("an MRZ is found in recognised camera text", anMrzIsFoundInRecognisedCameraText),
    ("the core's log reaches a Swift sink without personal data",
     theCoresLogReachesASwiftSinkWithoutPersonalData),
    ("a Swift KeyStore signs a push approval and a QR login", aSwiftKeyStoreSignsAPushApprovalAndAQrLogin),
    ("a long pull is cancelled from Swift", aLongPullIsCancelledFromSwift),
    ("the account is managed from Swift", theAccountIsManagedFromSwift),
    ("pushes and key rotation from Swift", pushesAndKeyRotationFromSwift),
    ("the ID card verifies the phone from Swift", theIdCardVerifiesThePhoneFromSwift),
    ("a card without Active Authentication is proven through Swift",
     aCardWithoutActiveAuthenticationIsProvenThroughSwift),
    ("the account moves to a new phone with the ID card", theAccountMovesToANewPhoneWithTheIdCard),
    ("the new phone approves a login that turns two-factor off",
     theNewPhoneApprovesALoginThatTurnsTwoFactorOff),
]
var failed = 0
for (name, test) in tests {
    do {
        try await test()
        print("test \(name) ... ok")
    } catch {
        failed += 1
        print("test \(name) ... FAILED: \(error)")
    }
}
print("swift: \(tests.count - failed) passed, \(failed) failed")
exit(failed == 0 ? 0 : 1)
