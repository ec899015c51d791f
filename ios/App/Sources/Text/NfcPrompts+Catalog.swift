// The NFC sheet's texts from the app's string catalog.

import EgatePlatform
import Foundation

extension NfcPrompts {
    static var catalog: NfcPrompts {
        NfcPrompts(
            holdCard: String(localized: "nfc.holdCard"),
            holdAgain: String(localized: "nfc.holdAgain"),
            reading: String(localized: "nfc.reading"),
            oneCardOnly: String(localized: "nfc.oneCardOnly"),
            notAnIdCard: String(localized: "nfc.notAnIdCard")
        )
    }
}
