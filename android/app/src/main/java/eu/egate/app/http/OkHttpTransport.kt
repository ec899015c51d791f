// Concern: the core's HttpTransport over OkHttp: one exchange per call, no redirects followed,
// no cookies kept, nothing cached, the call's own time limit, I/O failures as HttpFailure.
package eu.egate.app.http

import eu.egate.core.HttpAnswer
import eu.egate.core.HttpCall
import eu.egate.core.HttpFailure
import eu.egate.core.HttpHeader
import eu.egate.core.HttpTransport
import okhttp3.CookieJar
import okhttp3.OkHttpClient
import okhttp3.Request
import okhttp3.RequestBody
import okhttp3.RequestBody.Companion.toRequestBody
import java.io.IOException
import java.io.InterruptedIOException
import java.util.concurrent.TimeUnit
import javax.net.ssl.SSLException

/**
 * The core follows redirects, keeps cookies and retries idempotent calls itself; TLS uses the
 * platform's trust store and network security configuration.
 */
class OkHttpTransport(base: OkHttpClient = OkHttpClient()) : HttpTransport {
    private val client = base.newBuilder()
        .followRedirects(false)
        .followSslRedirects(false)
        .cookieJar(CookieJar.NO_COOKIES)
        .cache(null)
        // A silent resend of a signed request would be refused as a replay.
        .retryOnConnectionFailure(false)
        // The call's whole-exchange limit governs (long pulls wait far beyond a read timeout).
        .connectTimeout(0, TimeUnit.MILLISECONDS)
        .readTimeout(0, TimeUnit.MILLISECONDS)
        .writeTimeout(0, TimeUnit.MILLISECONDS)
        .build()

    override fun send(call: HttpCall): HttpAnswer {
        val request = Request.Builder()
            .url(call.url)
            .apply { call.headers.forEach { addHeader(it.name, it.value) } }
            .method(call.method, body(call))
            .build()
        val exchange = client.newCall(request)
        exchange.timeout().timeout(call.timeoutMillis.toLong(), TimeUnit.MILLISECONDS)
        return try {
            exchange.execute().use { response ->
                HttpAnswer(
                    status = response.code.toUShort(),
                    headers = response.headers.map { (name, value) -> HttpHeader(name, value) },
                    body = response.body?.bytes() ?: ByteArray(0),
                )
            }
        } catch (e: InterruptedIOException) {
            throw HttpFailure.Timeout()
        } catch (e: SSLException) {
            throw HttpFailure.Tls(e.message ?: e.javaClass.simpleName)
        } catch (e: IOException) {
            throw HttpFailure.Offline(e.message ?: e.javaClass.simpleName)
        }
    }

    private fun body(call: HttpCall): RequestBody? =
        call.body?.toRequestBody() ?: if (call.method in METHODS_WITH_BODY) ByteArray(0).toRequestBody() else null

    private companion object {
        val METHODS_WITH_BODY = setOf("POST", "PUT", "PATCH")
    }
}
