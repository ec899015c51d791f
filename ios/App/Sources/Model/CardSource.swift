// Where a document read gets its card: the NFC chip, or a simulated document in demo mode.

import EgateCore

/// The card a document read talks to.
enum CardSource: Hashable {
    /// A real card held to the phone.
    case nfc
    /// A built-in simulated document ("try it without a card").
    case simulated(SimulatedProfile)
}
