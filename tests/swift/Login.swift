// The login flows from Swift against the reference gateway on loopback, over URLSession as the
// HTTP port: a Swift KeyStore registers this phone and signs a push approval with the browser's
// code and a QR login, a key-store refusal arrives typed, a long pull is cancelled, the ID card
// verifies the phone (and a card without Active Authentication is proven by the gateway's Chip
// Authentication relayed through the Swift transport). The browser and the SMS phone are the
// test harness, asked on stdout.

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Asks the harness (the browser and the SMS phone) and answers its reply.
func ask(_ request: String) throws -> String {
    print("egate-test> \(request)")
    fflush(stdout)
    guard let line = readLine() else { throw Failure(description: "no answer to \(request)") }
    return line
}

/// Refuses redirects: the core decides what an answer means.
final class NoRedirects: NSObject, URLSessionTaskDelegate {
    func urlSession(_ session: URLSession, task: URLSessionTask,
                    willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest,
                    completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

/// URLSession as the core's HTTP port, as the iOS shell uses it: no cookie store, no cache, no
/// redirects.
final class URLSessionHttp: HttpTransport, @unchecked Sendable {
    private let session: URLSession
    private let lock = NSLock()
    private var count = 0

    init() {
        let config = URLSessionConfiguration.ephemeral
        config.httpShouldSetCookies = false
        config.httpCookieAcceptPolicy = .never
        config.httpCookieStorage = nil
        config.urlCache = nil
        session = URLSession(configuration: config, delegate: NoRedirects(), delegateQueue: nil)
    }

    var calls: Int { lock.lock(); defer { lock.unlock() }; return count }

    func send(call: HttpCall) throws -> HttpAnswer {
        lock.lock(); count += 1; lock.unlock()
        guard let url = URL(string: call.url) else { throw HttpFailure.Offline(reason: "bad URL") }
        var request = URLRequest(url: url)
        request.httpMethod = call.method
        request.timeoutInterval = Double(call.timeoutMillis) / 1000
        for header in call.headers { request.addValue(header.value, forHTTPHeaderField: header.name) }
        request.httpBody = call.body
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        session.dataTask(with: request) { data, response, error in
            if let error = error as? URLError {
                switch error.code {
                case .timedOut: box.result = .failure(.Timeout)
                case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
                     .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
                    box.result = .failure(.Tls(reason: "\(error)"))
                default: box.result = .failure(.Offline(reason: "\(error)"))
                }
            } else if let error {
                box.result = .failure(.Offline(reason: "\(error)"))
            } else if let http = response as? HTTPURLResponse {
                let headers = http.allHeaderFields.map { HttpHeader(name: "\($0.key)", value: "\($0.value)") }
                box.result = .success(HttpAnswer(status: UInt16(http.statusCode), headers: headers,
                                                 body: data ?? Data()))
            }
            done.signal()
        }.resume()
        done.wait()
        return try box.result.get()
    }
}

final class ResultBox: @unchecked Sendable {
    var result: Result<HttpAnswer, HttpFailure> = .failure(.Offline(reason: "no answer"))
}

let http = URLSessionHttp()

/// A Swift key store. Linux has no Secure Enclave or CryptoKit, so the P-256 arithmetic is the
/// exported demo key store's; prompts and refusals are this class's, as the iOS Secure Enclave
/// adapter's are.
final class SwiftKeyStore: KeyStore, @unchecked Sendable {
    private let inner: KeyStore
    private let lock = NSLock()
    private var purposes: [KeyPurpose] = []
    private var refusing = false
    private var created: Set<String> = []

    init() {
        inner = demoKeyStore()
    }

    var prompts: [KeyPurpose] { lock.lock(); defer { lock.unlock() }; return purposes }
    func refuse(_ on: Bool) { lock.lock(); refusing = on; lock.unlock() }
    var labels: Set<String> { lock.lock(); defer { lock.unlock() }; return created }

    func create(label: String, userVerification: Bool, attestationChallenge: Data?) throws -> NewKey {
        let key = try inner.create(label: label, userVerification: userVerification,
                                   attestationChallenge: attestationChallenge)
        lock.lock(); created.insert(label); lock.unlock()
        return key
    }

    func sign(label: String, payload: Data, prompt: KeyPrompt?) throws -> Data {
        if let prompt {
            lock.lock()
            purposes.append(prompt.purpose)
            let refused = refusing
            lock.unlock()
            if refused { throw KeyFailure.UserCancelled }
        }
        return try inner.sign(label: label, payload: payload, prompt: prompt)
    }

    func delete(label: String) throws {
        try inner.delete(label: label)
        lock.lock(); created.remove(label); lock.unlock()
    }
}

let env = ProcessInfo.processInfo.environment
nonisolated(unsafe) var registered: RegisteredDevice?
nonisolated(unsafe) var registeredKeys: SwiftKeyStore?

func isShowing(_ state: ApprovalState, scanned: Bool, wrongCodes: UInt32 = 0) -> Bool {
    if case .showing(_, let s, let w) = state { return s == scanned && w == wrongCodes }
    return false
}

func aSwiftKeyStoreSignsAPushApprovalAndAQrLogin() async throws {
    let data = env["EGATE_DATA"]!
    let keys = SwiftKeyStore()
    registeredKeys = keys
    let session = LoginSession(gateway: env["EGATE_GATEWAY"]!, dataDir: data, keys: keys, http: http)
    let login = try await session.login(citizenId: env["EGATE_CITIZEN"]!, password: env["EGATE_PASSWORD"]!)
    try check(login.next == "second_factor" && login.secondFactors.contains("sms"), "login \(login)")
    _ = try await session.sendSms()
    do {
        _ = try await session.verifySms(code: "000000")
        throw Failure(description: "a wrong SMS code was accepted")
    } catch GatewayFailure.Refused(let code, _, _) {
        try check(code == "sms_code_invalid", "refusal \(code)")
    }
    try check(try await session.verifySms(code: try ask("sms")).next == "done", "SMS code refused")
    let device = try await session.registerDevice(name: "Swift test phone")
    registered = device
    try check(try registeredDevices(dataDir: data).first?.deviceId == device.summary().deviceId,
              "registration not stored")

    let code = try ask("push-login")
    let pending = try await device.pendingApprovals()
    try check(pending.count == 1, "pending \(pending)")
    try check(isShowing(try await device.openApproval(id: pending[0].id), scanned: false), "not shown")
    let wrong = code.hasPrefix("9") ? "1" + code.dropFirst() : "9" + code.dropFirst()
    try check(isShowing(try await device.approve(code: wrong), scanned: false, wrongCodes: 1),
              "a wrong code was not counted")
    try check(keys.prompts.first == .registerDevice, "registration prompts \(keys.prompts)")
    let before = keys.prompts.count
    try check(try await device.approve(code: code) == .approved, "not approved")
    try check(try ask("outcome") == "approved", "the browser was not let in")
    try check(Array(keys.prompts.dropFirst(before)) == [.approveLogin],
              "one prompt per approval, not \(keys.prompts.dropFirst(before))")

    try check(isShowing(try await device.openScanned(text: try ask("qr-login")), scanned: true),
              "scanned code not shown")
    try check(try await device.approveScanned() == .approved, "QR login not approved")
    try check(try ask("outcome") == "approved", "the QR browser was not let in")

    let again = try ask("push-login")
    _ = try await device.openApproval(id: try await device.pendingApprovals()[0].id)
    keys.refuse(true)
    do {
        _ = try await device.approve(code: again)
        throw Failure(description: "approved without the user")
    } catch GatewayFailure.UserCancelled {}
    keys.refuse(false)
    try check(try await device.deny() == .denied, "not denied")
    try check(try ask("outcome") == "denied", "the browser did not see the denial")

    do {
        _ = try await device.openScanned(text: "https://example.org/not-a-login")
        throw Failure(description: "a foreign QR code was opened")
    } catch GatewayFailure.InvalidInput {}
    let codes = try await device.newBackupCodes()
    try check(codes.count >= 8, "backup codes \(codes.count)")
    try check(try await device.backupCodesRemaining() == Int64(codes.count), "remaining codes")
    try check(try await device.devices().first?.thisDevice == true, "device list")
    try check(http.calls > 10, "the calls did not go through URLSession")
    do {
        _ = try await LoginSession(gateway: "http://127.0.0.1:9", dataDir: data, keys: keys, http: http)
            .login(citizenId: "10000000146", password: "whatever")
        throw Failure(description: "a login without a gateway succeeded")
    } catch GatewayFailure.Offline {}
}

func aLongPullIsCancelledFromSwift() async throws {
    guard let device = registered else { throw Failure(description: "no device registered") }
    let started = Date()
    async let pulled: Error? = {
        do { _ = try await device.pullApproval(waitSeconds: 15); return nil } catch { return error }
    }()
    try await Task.sleep(nanoseconds: 300_000_000)
    device.cancel()
    let ended = await pulled
    guard case .Cancelled? = ended as? GatewayFailure else {
        throw Failure(description: "ended with \(String(describing: ended))")
    }
    try check(Date().timeIntervalSince(started) < 5, "cancel was slow")
    try check(try await device.pendingApprovals().isEmpty, "the device stopped answering")
}

func verifyPhone(with profile: String, chipPresence: String) async throws {
    guard let device = registered, let keys = registeredKeys else {
        throw Failure(description: "no device registered")
    }
    let link = try await device.startPhoneVerification()
    let verification = try await IdVerification.open(link: link, gateways: [env["EGATE_GATEWAY"]!],
                                                     dataDir: env["EGATE_DATA"]!, keys: keys, http: http)
    try check(verification.state() == .enterCredentials(deviceTransfer: false), "\(verification.state())")
    do {
        _ = try verification.enterCan(can: "12x")
        throw Failure(description: "a CAN with a letter was taken")
    } catch CardReadError.InvalidInput {}
    try check(try verification.enterCan(can: idCard.can!) == .holdCard, "not holding")
    let transport = SwiftTransport(try simulatedCard(profile: profile))
    var state = try await verification.readCard(transport: transport, listener: nil)
    try check(state == .readyToSend, "after the read \(state)")
    state = try await verification.sendEvidence()
    if chipPresence == "chip_authentication" {
        try check(state == .proveChipPresence, "no relay: \(state)")
        let before = transport.commands
        try check(try await verification.readCard(transport: transport, listener: nil) == .readyToSend,
                  "relay")
        try check(transport.commands > before, "the relay sent nothing through Swift")
        state = try await verification.sendEvidence()
    }
    try check(state == .enterSmsCode(phoneHint: "•••• 21", chipPresence: chipPresence), "sent: \(state)")
    try check(try await verification.confirmPhone(code: try ask("sms")) == .phoneVerified, "not verified")
}

func theIdCardVerifiesThePhoneFromSwift() async throws {
    try await verifyPhone(with: "td1-id", chipPresence: "active_authentication")
}

func aCardWithoutActiveAuthenticationIsProvenThroughSwift() async throws {
    try await verifyPhone(with: "td1-id-ca-only", chipPresence: "chip_authentication")
}
