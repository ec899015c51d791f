// The gateway-signed context of a login to approve: what, from where and when.

import EgateCore
import SwiftUI

/// Every field the core verified, in the order a person checks them: the service first, then
/// where the login comes from, then its times.
struct LoginContextView: View {
    let context: LoginContext

    var body: some View {
        Section("approval.context") {
            LabeledContent("approval.service", value: context.service)
                .accessibilitySortPriority(5)
            LabeledContent("approval.location", value: location)
                .accessibilitySortPriority(4)
            LabeledContent("approval.browser", value: String(localized: "approval.browserOnOs \(context.browser) \(context.os)"))
                .accessibilitySortPriority(3)
            LabeledContent("approval.ip", value: context.ip)
                .accessibilitySortPriority(2)
            LabeledContent("approval.started") {
                Text(date(context.createdAt), style: .time)
            }
            .accessibilitySortPriority(1)
            LabeledContent("approval.expires") {
                Text(date(context.expiresAt), style: .relative)
            }
        }
    }

    private var location: String {
        guard let code = context.country, let country = Locale.current.localizedString(forRegionCode: code) else {
            return context.location
        }
        return context.location.isEmpty ? country : String(localized: "approval.locationInCountry \(context.location) \(country)")
    }

    private func date(_ seconds: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
