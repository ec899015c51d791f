// The access data a person gives for a card: the CAN, or the three MRZ fields.

import EgateCore
import Foundation

/// What opens the chip, as typed or scanned; the core decides whether it can be right.
enum CardCredentials {
    case can(String)
    case mrz(documentNumber: String, dateOfBirth: String, dateOfExpiry: String)

    /// A simulated document's printed data: its CAN when it has one, else its MRZ.
    init(_ profile: SimulatedProfile) {
        if let can = profile.can {
            self = .can(can)
        } else {
            self = .mrz(
                documentNumber: profile.documentNumber,
                dateOfBirth: profile.dateOfBirth,
                dateOfExpiry: profile.dateOfExpiry
            )
        }
    }

    /// A document read with these credentials, checked against `trustAnchors`.
    func reader(trustAnchors: [Data]) throws -> CardReader {
        switch self {
        case let .can(can):
            try CardReader.withCan(can: can, trustAnchors: trustAnchors)
        case let .mrz(number, birth, expiry):
            try CardReader.withMrz(
                documentNumber: number, dateOfBirth: birth, dateOfExpiry: expiry, trustAnchors: trustAnchors
            )
        }
    }

    /// Gives these credentials to an ID verification; answers its next state.
    func enter(into verification: IdVerification) throws -> IdVerificationState {
        switch self {
        case let .can(can):
            try verification.enterCan(can: can)
        case let .mrz(number, birth, expiry):
            try verification.enterMrz(documentNumber: number, dateOfBirth: birth, dateOfExpiry: expiry)
        }
    }
}
