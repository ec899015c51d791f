// Concern: the "read a document" screen: credentials, hold the card (or watch the simulated one
// being read), then the document — on a secure window.
package eu.egate.app.ui.card

import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.res.stringResource
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.viewModel
import eu.egate.app.R
import eu.egate.app.state.CardReadFlow
import eu.egate.app.state.CardReadState
import eu.egate.app.ui.common.ActionButton
import eu.egate.app.ui.common.ProblemMessage
import eu.egate.app.ui.common.ScreenScaffold
import eu.egate.app.ui.common.SecureScreen
import eu.egate.app.ui.common.StatusLine
import eu.egate.app.ui.common.Tone
import eu.egate.app.ui.common.text
import eu.egate.core.SimulatedProfile

@Composable
fun ReadCardScreen(simulated: SimulatedProfile?, onBack: () -> Unit) {
    SecureScreen()
    val model: ReadCardViewModel = viewModel { ReadCardViewModel(simulated) }
    val read by model.read.collectAsStateWithLifecycle()
    val problem by model.work.problem.collectAsStateWithLifecycle()
    val title = if (simulated != null) R.string.demo_title else R.string.read_card_title
    ScreenScaffold(title = stringResource(title), onBack = onBack) {
        ProblemMessage(problem)
        val flow = read
        if (flow == null) {
            CredentialsForm(busy = false, onSubmit = model::submit)
        } else {
            ReadProgressOrDocument(flow, simulated != null, model)
        }
    }
}

@Composable
private fun ReadProgressOrDocument(flow: CardReadFlow, simulated: Boolean, model: ReadCardViewModel) {
    val state by flow.state.collectAsStateWithLifecycle()
    val availability = if (simulated) NfcAvailability.READY else rememberNfcCardReader(model::cardPresented)
    when (val current = state) {
        CardReadState.WaitingForCard -> if (simulated) {
            StatusLine(stringResource(R.string.demo_reading), Tone.NEUTRAL)
        } else {
            HoldCardPanel(availability, progress = null, cardLost = false)
        }
        is CardReadState.Reading -> if (simulated) {
            StatusLine(stringResource(R.string.demo_reading), Tone.NEUTRAL)
            ReadProgressView(current.progress)
        } else {
            HoldCardPanel(availability, current.progress, cardLost = false)
        }
        is CardReadState.CardLost -> HoldCardPanel(availability, current.progress, cardLost = true)
        is CardReadState.Done -> DocumentView(current.document)
        is CardReadState.Failed -> {
            StatusLine(stringResource(current.problem.text()), Tone.BAD)
            ActionButton(stringResource(R.string.action_try_again), onClick = model::restart)
        }
        CardReadState.Cancelled -> {
            StatusLine(stringResource(R.string.read_cancelled), Tone.NEUTRAL)
            ActionButton(stringResource(R.string.action_try_again), onClick = model::restart)
        }
    }
    if (state is CardReadState.Reading || state is CardReadState.CardLost) {
        ActionButton(stringResource(R.string.action_cancel), onClick = flow::cancel, primary = false)
    }
}
