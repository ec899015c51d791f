// A card read's progress as the screens and the NFC sheet show it.

import EgateCore
import Foundation

/// The latest update of a read: its phase (a step or a file name), how much of the file is
/// read, and whether it just continued after the card was held again.
struct ReadProgress: Equatable, Sendable {
    let phase: String?
    let fraction: Double?
    let resumed: Bool

    init(_ update: ReadUpdate) {
        phase = update.phase
        resumed = update.kind == "resumed"
        if update.kind == "bytes", let total = update.bytesTotal, total > 0 {
            fraction = min(1, Double(update.bytesDone) / Double(total))
        } else {
            fraction = nil
        }
    }
}
