// Concern: camera frames to ML Kit's bundled (on-device) text recogniser, and the recognised
// text to the core, which finds an MRZ whose check digits hold; the first one is handed on once.
package eu.egate.app.system.camera

import androidx.annotation.OptIn
import androidx.camera.core.ExperimentalGetImage
import androidx.camera.core.ImageAnalysis
import androidx.camera.core.ImageProxy
import com.google.mlkit.common.MlKitException
import com.google.mlkit.vision.common.InputImage
import com.google.mlkit.vision.text.TextRecognition
import com.google.mlkit.vision.text.latin.TextRecognizerOptions
import eu.egate.core.ScannedMrz
import eu.egate.core.mrzFromCameraText
import java.util.concurrent.Executor
import java.util.concurrent.atomic.AtomicBoolean

/**
 * [onMrz] is called at most once; [onUnavailable] when the recogniser cannot run on this phone
 * (the screen then asks for the data to be typed).
 */
class MrzTextAnalyzer(
    private val onMrz: (ScannedMrz) -> Unit,
    private val onUnavailable: () -> Unit,
) : ImageAnalysis.Analyzer {
    private val recognizer = TextRecognition.getClient(TextRecognizerOptions.DEFAULT_OPTIONS)
    private val found = AtomicBoolean(false)
    private val direct = Executor { it.run() }

    @OptIn(ExperimentalGetImage::class)
    override fun analyze(image: ImageProxy) {
        val media = image.image
        if (found.get() || media == null) {
            image.close()
            return
        }
        // The listeners run where the recogniser finishes, never on the main thread.
        recognizer.process(InputImage.fromMediaImage(media, image.imageInfo.rotationDegrees))
            .addOnSuccessListener(direct) { text ->
                mrzFromCameraText(text.text)?.let { if (found.compareAndSet(false, true)) onMrz(it) }
            }
            .addOnFailureListener(direct) { error ->
                // One unreadable frame is no reason to stop scanning; a missing model is.
                if (error is MlKitException && error.errorCode == MlKitException.UNAVAILABLE) onUnavailable()
            }
            .addOnCompleteListener(direct) { image.close() }
    }

    fun close() = recognizer.close()
}
