// The localised texts the app gives the system's NFC sheet.

/// What the system's NFC sheet says at each step; the app supplies them from its string catalog.
public struct NfcPrompts: Sendable {
    /// Before a card is found: where to hold it.
    public let holdCard: String
    /// After a lost connection or an ended session: hold it again, the read continues.
    public let holdAgain: String
    /// A card is connected and being read.
    public let reading: String
    /// Several cards are in the field at once.
    public let oneCardOnly: String
    /// The tag found is not an ID card or passport chip.
    public let notAnIdCard: String

    public init(holdCard: String, holdAgain: String, reading: String, oneCardOnly: String, notAnIdCard: String) {
        self.holdCard = holdCard
        self.holdAgain = holdAgain
        self.reading = reading
        self.oneCardOnly = oneCardOnly
        self.notAnIdCard = notAnIdCard
    }
}
