// The root: the navigation stack and its destinations, the presented sheets, and the refresh on returning to the foreground.

import SwiftUI

struct RootView: View {
    @EnvironmentObject private var app: AppModel
    @Environment(\.scenePhase) private var scenePhase

    var body: some View {
        NavigationStack(path: $app.path) {
            HomeScreen()
                .navigationDestination(for: Route.self) { route in
                    destination(route)
                }
        }
        .sheet(item: $app.sheet) { sheet in
            content(sheet)
                .environmentObject(app)
        }
        .failureAlert($app.failure)
        .task { await app.becameActive() }
        .onChange(of: scenePhase) { phase in
            if phase == .active {
                Task { await app.becameActive() }
            }
        }
    }

    @ViewBuilder
    private func destination(_ route: Route) -> some View {
        switch route {
        case .pendingApprovals:
            PendingApprovalsScreen()
        case let .account(account):
            AccountScreen(account: account, app: app)
        case let .devices(account):
            DevicesScreen(account: account, app: app)
        case let .backupCodes(account):
            BackupCodesScreen(account: account, app: app)
        case let .accountSecurity(account):
            AccountSecurityScreen(account: account, platform: app.platform)
        case .demo:
            DemoScreen()
        case let .cardRead(source):
            CardReadScreen(source: source)
        }
    }

    @ViewBuilder
    private func content(_ sheet: Sheet) -> some View {
        switch sheet {
        case let .approval(model):
            ApprovalScreen(model: model)
        case let .idVerification(model):
            IdVerificationScreen(model: model)
        case .scanner:
            QrScannerScreen()
        case .addAccount:
            AddAccountScreen(platform: app.platform)
        case .transfer:
            TransferScreen(platform: app.platform, app: app)
        }
    }
}
