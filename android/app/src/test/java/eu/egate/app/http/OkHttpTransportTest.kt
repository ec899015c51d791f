// Concern: the OkHttp transport against a local server: requests passed through, redirects not
// followed, each Set-Cookie kept apart and never sent back, the call's time limit, I/O failures.
package eu.egate.app.http

import eu.egate.core.HttpCall
import eu.egate.core.HttpFailure
import eu.egate.core.HttpHeader
import okhttp3.mockwebserver.MockResponse
import okhttp3.mockwebserver.MockWebServer
import org.junit.After
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Assert.fail
import org.junit.Before
import org.junit.Test
import java.net.InetAddress
import java.net.ServerSocket
import java.util.concurrent.TimeUnit

class OkHttpTransportTest {
    private val server = MockWebServer()
    private val transport = OkHttpTransport()

    @Before
    fun start() = server.start()

    @After
    fun stop() = server.shutdown()

    private fun call(method: String, path: String, body: ByteArray? = null, timeoutMillis: Long = 5_000) = HttpCall(
        method = method,
        url = server.url(path).toString(),
        headers = listOf(HttpHeader("Content-Type", "application/json"), HttpHeader("X-Egate-Test", "1")),
        body = body,
        timeoutMillis = timeoutMillis.toULong(),
    )

    @Test
    fun theRequestAndTheAnswerPassThrough() {
        server.enqueue(MockResponse().setResponseCode(201).addHeader("X-Answer", "yes").setBody("""{"ok":true}"""))
        val body = """{"code":"123456"}""".encodeToByteArray()
        val answer = transport.send(call("POST", "/api/approve", body))
        val request = server.takeRequest()
        assertEquals("POST", request.method)
        assertEquals("/api/approve", request.path)
        assertEquals("1", request.getHeader("X-Egate-Test"))
        assertEquals("application/json", request.getHeader("Content-Type"))
        assertArrayEquals(body, request.body.readByteArray())
        assertEquals(201.toUShort(), answer.status)
        assertEquals("yes", answer.headers.single { it.name.equals("X-Answer", ignoreCase = true) }.value)
        assertEquals("""{"ok":true}""", answer.body.decodeToString())
    }

    @Test
    fun aPostWithoutBodySendsAnEmptyOne() {
        server.enqueue(MockResponse())
        transport.send(call("POST", "/api/sms"))
        assertEquals(0L, server.takeRequest().bodySize)
    }

    @Test
    fun redirectsAreAnsweredNotFollowed() {
        server.enqueue(MockResponse().setResponseCode(302).addHeader("Location", "/elsewhere"))
        server.enqueue(MockResponse().setBody("followed"))
        val answer = transport.send(call("GET", "/login"))
        assertEquals(302.toUShort(), answer.status)
        assertEquals("/elsewhere", answer.headers.single { it.name.equals("Location", ignoreCase = true) }.value)
        assertEquals(1, server.requestCount)
    }

    @Test
    fun eachSetCookieArrivesApartAndNoneIsSentBack() {
        server.enqueue(MockResponse().addHeader("Set-Cookie", "session=a; HttpOnly").addHeader("Set-Cookie", "csrf=b"))
        server.enqueue(MockResponse())
        val answer = transport.send(call("GET", "/login"))
        val cookies = answer.headers.filter { it.name.equals("Set-Cookie", ignoreCase = true) }.map { it.value }
        assertEquals(listOf("session=a; HttpOnly", "csrf=b"), cookies)
        transport.send(call("GET", "/account"))
        server.takeRequest()
        assertNull(server.takeRequest().getHeader("Cookie"))
    }

    @Test
    fun aSlowAnswerIsATimeout() {
        server.enqueue(MockResponse().setHeadersDelay(2, TimeUnit.SECONDS))
        try {
            transport.send(call("GET", "/pull", timeoutMillis = 200))
            fail("no failure")
        } catch (e: HttpFailure.Timeout) {
            // expected
        }
    }

    @Test
    fun anUnreachableServerIsOffline() {
        val closedPort = ServerSocket(0, 1, InetAddress.getLoopbackAddress()).use { it.localPort }
        val unreachable = HttpCall("GET", "http://127.0.0.1:$closedPort/", emptyList(), null, 5_000u)
        try {
            transport.send(unreachable)
            fail("no failure")
        } catch (e: HttpFailure.Offline) {
            // expected
        }
    }
}
