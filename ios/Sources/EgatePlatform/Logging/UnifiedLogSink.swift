// The core's diagnostics in Apple's unified log.

import EgateCore
import os

/// Forwards the core's log events to `Logger`; the core never logs personal data, so the
/// messages are public in Console. Called on worker threads and returns at once.
public final class UnifiedLogSink: LogSink, Sendable {
    private let logger: Logger

    public init(subsystem: String) {
        logger = Logger(subsystem: subsystem, category: "core")
    }

    public func log(level: LogLevel, target: String, message: String) {
        switch level {
        case .error:
            logger.error("\(target, privacy: .public): \(message, privacy: .public)")
        case .warn:
            logger.warning("\(target, privacy: .public): \(message, privacy: .public)")
        case .info:
            logger.info("\(target, privacy: .public): \(message, privacy: .public)")
        case .debug, .trace:
            logger.debug("\(target, privacy: .public): \(message, privacy: .public)")
        }
    }
}
