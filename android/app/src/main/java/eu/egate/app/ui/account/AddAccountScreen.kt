// Concern: the "add this phone to my account" screen: log in, name this phone, register it;
// then pushes are set up for it.
package eu.egate.app.ui.account

import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.input.ImeAction
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.viewModel
import eu.egate.app.R
import eu.egate.app.state.LoginStep
import eu.egate.app.system.graph
import eu.egate.app.ui.common.ActionButton
import eu.egate.app.ui.common.ProblemMessage
import eu.egate.app.ui.common.ScreenScaffold
import eu.egate.app.ui.common.findActivity
import eu.egate.app.ui.login.LoginSteps

@Composable
fun AddAccountScreen(onDone: () -> Unit, onBack: () -> Unit) {
    val context = LocalContext.current
    val graph = context.graph
    val model: AddAccountViewModel = viewModel { AddAccountViewModel(graph.loginSession(), graph.registrations) }
    val step by model.login.step.collectAsStateWithLifecycle()
    val registered by model.registered.collectAsStateWithLifecycle()
    val busy by model.registration.busy.collectAsStateWithLifecycle()
    val problem by model.registration.problem.collectAsStateWithLifecycle()

    LaunchedEffect(registered) {
        if (registered) {
            graph.push.refresh(context.findActivity())
            onDone()
        }
    }

    ScreenScaffold(title = stringResource(R.string.add_account_title), onBack = onBack) {
        if (step !is LoginStep.Done) {
            Text(stringResource(R.string.add_account_explained), style = MaterialTheme.typography.bodyLarge)
            LoginSteps(model.login, model::perform)
        } else {
            var name by rememberSaveable { mutableStateOf(model.suggestedName) }
            Text(stringResource(R.string.add_account_name_explained), style = MaterialTheme.typography.bodyLarge)
            OutlinedTextField(
                value = name,
                onValueChange = { name = it },
                label = { Text(stringResource(R.string.add_account_name_label)) },
                singleLine = true,
                keyboardOptions = KeyboardOptions(imeAction = ImeAction.Done),
                modifier = Modifier.fillMaxWidth(),
            )
            ProblemMessage(problem)
            ActionButton(
                stringResource(R.string.action_register_phone),
                onClick = { model.register(name.trim()) },
                busy = busy,
                enabled = name.isNotBlank(),
            )
        }
    }
}
