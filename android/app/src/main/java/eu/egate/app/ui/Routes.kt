// Concern: the app's destinations and the arguments each carries.
package eu.egate.app.ui

import android.net.Uri
import eu.egate.app.state.AccountKey

object Routes {
    const val HOME = "home"
    const val PENDING = "pending"
    const val ADD_ACCOUNT = "add-account"
    const val DEMO = "demo"
    const val SCAN_VERIFICATION = "scan-verification"

    const val ARG_GATEWAY = "gateway"
    const val ARG_CITIZEN = "citizen"
    const val ARG_ID = "id"
    const val ARG_SCANNED = "scanned"
    const val ARG_PROFILE = "profile"
    const val ARG_PURPOSE = "purpose"
    const val ARG_LINK = "link"

    private const val ACCOUNT = "$ARG_GATEWAY={$ARG_GATEWAY}&$ARG_CITIZEN={$ARG_CITIZEN}"
    const val READ_CARD = "read-card?$ARG_PROFILE={$ARG_PROFILE}"
    const val APPROVAL = "approval?$ACCOUNT&$ARG_ID={$ARG_ID}&$ARG_SCANNED={$ARG_SCANNED}"
    const val SCAN_LOGIN = "scan-login?$ACCOUNT"
    const val VERIFY = "verify?$ARG_PURPOSE={$ARG_PURPOSE}&$ACCOUNT&$ARG_LINK={$ARG_LINK}"
    const val BACKUP_CODES = "backup-codes?$ACCOUNT"
    const val DEVICES = "devices?$ACCOUNT"
    const val ACCOUNT_SETTINGS = "account?$ACCOUNT"

    /** What an ID verification is for. */
    enum class Purpose { PHONE, TRANSFER, LINK }

    fun readCard(profile: String?) = "read-card" + query(ARG_PROFILE to profile)

    /** An approval of [account]; none when the pushed device is no longer registered here. */
    fun approval(id: String, account: AccountKey? = null) = "approval" + query(*account.args(), ARG_ID to id)

    fun scannedApproval(account: AccountKey, text: String) = "approval" + query(*account.args(), ARG_SCANNED to text)

    fun scanLogin(account: AccountKey) = "scan-login" + query(*account.args())

    fun verifyPhone(account: AccountKey) = "verify" + query(ARG_PURPOSE to Purpose.PHONE.name, *account.args())

    fun transfer() = "verify" + query(ARG_PURPOSE to Purpose.TRANSFER.name)

    fun verifyLink(link: String) = "verify" + query(ARG_PURPOSE to Purpose.LINK.name, ARG_LINK to link)

    fun backupCodes(account: AccountKey) = "backup-codes" + query(*account.args())

    fun devices(account: AccountKey) = "devices" + query(*account.args())

    fun accountSettings(account: AccountKey) = "account" + query(*account.args())

    private fun AccountKey?.args(): Array<Pair<String, String?>> =
        arrayOf(ARG_GATEWAY to this?.gateway, ARG_CITIZEN to this?.citizenId)

    private fun query(vararg args: Pair<String, String?>): String =
        args.filter { it.second != null }
            .joinToString("&", prefix = "?") { (name, value) -> "$name=${Uri.encode(value)}" }
}
