// The core's HttpTransport on URLSession: TLS with the system's trust store, no cookies, no cache, no redirects.

import EgateCore
import Foundation
import os

/// Sends the core's HTTP calls with URLSession. The core calls `send` on its HTTP worker
/// thread and may block it, so this waits for the answer there. Cookies and redirects are the
/// core's business: the session keeps no cookie store and no cache and never follows a redirect.
public final class URLSessionHttpTransport: HttpTransport, @unchecked Sendable {
    private let session: URLSession

    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCredentialStorage = nil
        configuration.waitsForConnectivity = false
        session = URLSession(configuration: configuration, delegate: RedirectRefusal(), delegateQueue: nil)
    }

    deinit {
        session.invalidateAndCancel()
    }

    public func send(call: HttpCall) throws -> HttpAnswer {
        let request = try Self.request(for: call)
        let outcome = OSAllocatedUnfairLock<Result<HttpAnswer, HttpFailure>>(
            initialState: .failure(.Offline(reason: "no answer"))
        )
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { body, response, error in
            let result: Result<HttpAnswer, HttpFailure>
            if let error {
                result = .failure(HttpFailure.from(error))
            } else if let response = response as? HTTPURLResponse {
                result = .success(HttpAnswer(
                    status: UInt16(clamping: response.statusCode),
                    headers: ResponseHeaders.of(response),
                    body: body ?? Data()
                ))
            } else {
                result = .failure(.Offline(reason: "not an HTTP answer"))
            }
            outcome.withLock { $0 = result }
            done.signal()
        }
        task.resume()
        done.wait()
        return try outcome.withLock { $0 }.get()
    }

    private static func request(for call: HttpCall) throws -> URLRequest {
        guard let url = URL(string: call.url) else {
            throw HttpFailure.Offline(reason: "not a URL")
        }
        var request = URLRequest(url: url)
        request.httpMethod = call.method
        request.timeoutInterval = TimeInterval(call.timeoutMillis) / 1000
        request.httpShouldHandleCookies = false
        request.httpBody = call.body
        for header in call.headers {
            request.addValue(header.value, forHTTPHeaderField: header.name)
        }
        return request
    }
}
