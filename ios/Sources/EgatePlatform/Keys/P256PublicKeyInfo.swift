// The DER SubjectPublicKeyInfo of a P-256 public key, built from its X9.63 point.

import EgateCore
import Foundation

/// The fixed DER prefix of every P-256 SubjectPublicKeyInfo followed by the 65-byte point.
enum P256PublicKeyInfo {
    /// SEQUENCE (89 bytes) { SEQUENCE { OID id-ecPublicKey, OID prime256v1 }, BIT STRING (66 bytes, no unused bits) }.
    private static let header: [UInt8] = [
        0x30, 0x59,
        0x30, 0x13,
        0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01,
        0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07,
        0x03, 0x42, 0x00,
    ]

    /// The SubjectPublicKeyInfo of the uncompressed point `04 || X || Y` that
    /// `SecKeyCopyExternalRepresentation` answers for a P-256 public key.
    static func der(fromX963 point: Data) throws -> Data {
        guard point.count == 65, point.first == 0x04 else {
            throw KeyFailure.Unavailable(reason: "the public key is not an uncompressed P-256 point")
        }
        return Data(header) + point
    }
}
