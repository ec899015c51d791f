// Concern: which screen shows for which destination, the arguments handed to it, and the
// app-wide duties while it is in front: approvals pushed in, pending logins pulled on resume.
package eu.egate.app.ui

import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.remember
import androidx.compose.ui.platform.LocalContext
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.compose.LifecycleResumeEffect
import androidx.lifecycle.compose.LocalLifecycleOwner
import androidx.lifecycle.repeatOnLifecycle
import androidx.navigation.NavBackStackEntry
import androidx.navigation.NavType
import androidx.navigation.compose.NavHost
import androidx.navigation.compose.composable
import androidx.navigation.compose.rememberNavController
import androidx.navigation.navArgument
import eu.egate.app.R
import eu.egate.app.state.AccountKey
import eu.egate.app.system.graph
import eu.egate.app.ui.account.AddAccountScreen
import eu.egate.app.ui.approval.ApprovalScreen
import eu.egate.app.ui.approval.PendingScreen
import eu.egate.app.ui.backup.BackupCodesScreen
import eu.egate.app.ui.card.DemoScreen
import eu.egate.app.ui.card.ReadCardScreen
import eu.egate.app.ui.devices.DevicesScreen
import eu.egate.app.ui.home.HomeScreen
import eu.egate.app.ui.idverify.IdVerificationScreen
import eu.egate.app.ui.scan.QrScanScreen
import eu.egate.app.ui.settings.AccountSettingsScreen
import eu.egate.core.simulatedProfiles
import kotlinx.coroutines.launch

@Composable
fun EgateNavHost() {
    val navController = rememberNavController()
    val graph = LocalContext.current.graph
    val lifecycleOwner = LocalLifecycleOwner.current
    val back: () -> Unit = { navController.popBackStack() }
    val home: () -> Unit = { navController.popBackStack(Routes.HOME, inclusive = false) }

    LaunchedEffect(lifecycleOwner) {
        lifecycleOwner.repeatOnLifecycle(Lifecycle.State.STARTED) {
            graph.incomingApprovals.watch { pushed ->
                graph.loginRequests.dismiss()
                val account = graph.registrations.accountOfDevice(pushed.deviceId)
                navController.navigate(Routes.approval(pushed.id, account)) { launchSingleTop = true }
            }
        }
    }
    LifecycleResumeEffect(graph) {
        graph.scope.launch { graph.pendingLogins.refresh() }
        onPauseOrDispose { }
    }

    NavHost(navController = navController, startDestination = Routes.HOME) {
        composable(Routes.HOME) {
            HomeScreen(navigate = { navController.navigate(it) })
        }
        composable(Routes.PENDING) {
            PendingScreen(onOpen = { login -> navController.navigate(Routes.approval(login.approval.id, login.account)) }, onBack = back)
        }
        composable(Routes.APPROVAL, arguments = optional(Routes.ARG_GATEWAY, Routes.ARG_CITIZEN, Routes.ARG_ID, Routes.ARG_SCANNED)) { entry ->
            ApprovalScreen(
                account = entry.account(),
                approvalId = entry.arg(Routes.ARG_ID),
                scannedText = entry.arg(Routes.ARG_SCANNED),
                onDone = home,
            )
        }
        composable(Routes.SCAN_LOGIN, arguments = optional(Routes.ARG_GATEWAY, Routes.ARG_CITIZEN)) { entry ->
            entry.account()?.let { account ->
                QrScanScreen(
                    title = R.string.scan_login_title,
                    instructions = R.string.scan_login_instructions,
                    onScanned = { text ->
                        navController.navigate(Routes.scannedApproval(account, text)) {
                            popUpTo(Routes.SCAN_LOGIN) { inclusive = true }
                        }
                    },
                    onBack = back,
                )
            }
        }
        composable(Routes.SCAN_VERIFICATION) {
            QrScanScreen(
                title = R.string.scan_verification_title,
                instructions = R.string.scan_verification_instructions,
                onScanned = { text ->
                    navController.navigate(Routes.verifyLink(text)) {
                        popUpTo(Routes.SCAN_VERIFICATION) { inclusive = true }
                    }
                },
                onBack = back,
            )
        }
        composable(Routes.ADD_ACCOUNT) {
            AddAccountScreen(onDone = home, onBack = back)
        }
        composable(Routes.VERIFY, arguments = optional(Routes.ARG_PURPOSE, Routes.ARG_GATEWAY, Routes.ARG_CITIZEN, Routes.ARG_LINK)) { entry ->
            IdVerificationScreen(
                purpose = Routes.Purpose.valueOf(entry.arg(Routes.ARG_PURPOSE) ?: Routes.Purpose.LINK.name),
                account = entry.account(),
                link = entry.arg(Routes.ARG_LINK),
                onDone = home,
                onBack = back,
            )
        }
        composable(Routes.DEMO) {
            DemoScreen(onRead = { navController.navigate(Routes.readCard(it.name)) }, onBack = back)
        }
        composable(Routes.READ_CARD, arguments = optional(Routes.ARG_PROFILE)) { entry ->
            val profileName = entry.arg(Routes.ARG_PROFILE)
            val profile = remember(profileName) { profileName?.let { name -> simulatedProfiles().firstOrNull { it.name == name } } }
            ReadCardScreen(simulated = profile, onBack = back)
        }
        composable(Routes.BACKUP_CODES, arguments = optional(Routes.ARG_GATEWAY, Routes.ARG_CITIZEN)) { entry ->
            entry.account()?.let { BackupCodesScreen(account = it, onBack = back) }
        }
        composable(Routes.DEVICES, arguments = optional(Routes.ARG_GATEWAY, Routes.ARG_CITIZEN)) { entry ->
            entry.account()?.let { DevicesScreen(account = it, onThisPhoneRemoved = home, onBack = back) }
        }
        composable(Routes.ACCOUNT_SETTINGS, arguments = optional(Routes.ARG_GATEWAY, Routes.ARG_CITIZEN)) { entry ->
            entry.account()?.let { AccountSettingsScreen(account = it, onBack = back) }
        }
    }
}

private fun optional(vararg names: String) = names.map { name ->
    navArgument(name) {
        type = NavType.StringType
        nullable = true
        defaultValue = null
    }
}

private fun NavBackStackEntry.arg(name: String): String? = arguments?.getString(name)

private fun NavBackStackEntry.account(): AccountKey? {
    val gateway = arg(Routes.ARG_GATEWAY) ?: return null
    val citizen = arg(Routes.ARG_CITIZEN) ?: return null
    return AccountKey(gateway, citizen)
}
