// The login flows from Kotlin against the reference gateway on loopback, over the JDK's HTTP
// client as the HTTP port: a Kotlin KeyStore (the JCA's P-256 ECDSA, as the Android Keystore
// adapter uses it) creates this phone's keys and signs
// the registration, a push approval with the browser's code and a QR login; a key-store refusal
// arrives typed and leaves the approval open; backup codes and the device list; a long pull is
// cancelled from Kotlin. The browser and the SMS phone are the test harness, asked on stdout.

import eu.egate.core.*
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import java.io.IOException
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.net.http.HttpTimeoutException
import java.nio.file.Files
import java.time.Duration
import java.util.concurrent.atomic.AtomicInteger
import javax.net.ssl.SSLException
import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.Signature
import java.security.spec.ECGenParameterSpec
import java.util.Collections
import java.util.concurrent.ConcurrentHashMap

/** Asks the harness (the browser and the SMS phone) and answers its reply. */
fun ask(request: String): String {
    println("egate-test> $request")
    System.out.flush()
    return readLine() ?: throw AssertionError("no answer to $request")
}

/** The JDK's HTTP client as the core's HTTP port (the Android shell uses OkHttp the same way). */
class JdkHttp : HttpTransport {
    private val client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build()
    val calls = AtomicInteger()

    override fun send(call: HttpCall): HttpAnswer {
        calls.incrementAndGet()
        val body = call.body?.let { HttpRequest.BodyPublishers.ofByteArray(it) } ?: HttpRequest.BodyPublishers.noBody()
        val builder = HttpRequest.newBuilder(URI.create(call.url))
            .timeout(Duration.ofMillis(call.timeoutMillis.toLong()))
            .method(call.method, body)
        for (header in call.headers) builder.header(header.name, header.value)
        try {
            val response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray())
            val headers = response.headers().map().flatMap { (name, values) -> values.map { HttpHeader(name, it) } }
            return HttpAnswer(response.statusCode().toUShort(), headers, response.body())
        } catch (e: HttpTimeoutException) {
            throw HttpFailure.Timeout()
        } catch (e: SSLException) {
            throw HttpFailure.Tls(e.toString())
        } catch (e: IOException) {
            throw HttpFailure.Offline(e.toString())
        }
    }
}

val HTTP = JdkHttp()

/** A Kotlin key store: JCA P-256 keys by label, signing SHA256withECDSA (DER). */
class JcaKeyStore : KeyStore {
    private val keys = ConcurrentHashMap<String, KeyPair>()
    val prompts: MutableList<KeyPurpose> = Collections.synchronizedList(mutableListOf())
    @Volatile var refuse = false

    override fun create(label: String, userVerification: Boolean, attestationChallenge: ByteArray?): NewKey {
        val generator = KeyPairGenerator.getInstance("EC")
        generator.initialize(ECGenParameterSpec("secp256r1"))
        val pair = generator.generateKeyPair()
        if (keys.putIfAbsent(label, pair) != null) throw KeyFailure.Unavailable("label $label is taken")
        return NewKey(pair.public.encoded, emptyList(), KeyProtection.SOFTWARE)
    }

    override fun sign(label: String, payload: ByteArray, prompt: KeyPrompt?): ByteArray {
        if (prompt != null) {
            prompts.add(prompt.purpose)
            if (refuse) throw KeyFailure.UserCancelled()
        }
        val pair = keys[label] ?: throw KeyFailure.KeyInvalidated()
        val signer = Signature.getInstance("SHA256withECDSA")
        signer.initSign(pair.private)
        signer.update(payload)
        return signer.sign()
    }

    override fun delete(label: String) {
        keys.remove(label)
    }

    fun labels(): Set<String> = keys.keys.toSet()
}

/** The device the login test registered, its data directory and keys, for the later tests. */
var registered: RegisteredDevice? = null
var registeredData = ""
val registeredKeys = JcaKeyStore()

fun aKotlinKeyStoreSignsAPushApprovalAndAQrLogin() = runBlocking {
    val data = Files.createTempDirectory("egate-kotlin-device").toString()
    registeredData = data
    val keys = registeredKeys
    val session = LoginSession(System.getenv("EGATE_GATEWAY"), data, keys, HTTP)
    val login = session.login(System.getenv("EGATE_CITIZEN"), System.getenv("EGATE_PASSWORD"))
    check(login.next == "second_factor" && "sms" in login.secondFactors) { "login $login" }
    check(session.sendSms().phoneHint.endsWith("21")) { "phone hint" }
    try {
        session.verifySms("000000")
        throw AssertionError("a wrong SMS code was accepted")
    } catch (e: GatewayFailure.Refused) {
        check(e.code == "sms_code_invalid") { "refusal ${e.code}" }
    }
    check(session.verifySms(ask("sms")).next == "done") { "SMS code refused" }
    val device = session.registerDevice("Kotlin test phone")
    registered = device
    check(registeredDevices(data).single().deviceId == device.summary().deviceId) { "not stored" }

    val code = ask("push-login")
    val pending = device.pendingApprovals()
    check(pending.size == 1) { "pending $pending" }
    val shown = device.openApproval(pending[0].id)
    check(shown is ApprovalState.Showing && !shown.scanned && shown.context.service.isNotEmpty()) { "shown $shown" }
    val wrong = device.approve(if (code.startsWith("9")) code.replaceFirst('9', '1') else "9" + code.drop(1))
    check(wrong is ApprovalState.Showing && wrong.wrongCodes == 1u) { "after a wrong code $wrong" }
    check(keys.prompts.first() == KeyPurpose.REGISTER_DEVICE) { "registration prompts ${keys.prompts}" }
    val before = keys.prompts.size
    check(device.approve(code) == ApprovalState.Approved) { "not approved" }
    check(ask("outcome") == "approved") { "the browser was not let in" }
    val approval = keys.prompts.drop(before)
    check(approval == listOf(KeyPurpose.APPROVE_LOGIN)) { "one prompt per approval, not $approval" }

    val scanned = device.openScanned(ask("qr-login"))
    check(scanned is ApprovalState.Showing && scanned.scanned) { "scanned $scanned" }
    check(device.approveScanned() == ApprovalState.Approved) { "QR login not approved" }
    check(ask("outcome") == "approved") { "the QR browser was not let in" }

    val again = ask("push-login")
    device.openApproval(device.pendingApprovals().single().id)
    keys.refuse = true
    try {
        device.approve(again)
        throw AssertionError("approved without the user")
    } catch (e: GatewayFailure.UserCancelled) {
    }
    keys.refuse = false
    check(device.deny() == ApprovalState.Denied) { "not denied" }
    check(ask("outcome") == "denied") { "the browser did not see the denial" }

    try {
        device.openScanned("https://example.org/not-a-login")
        throw AssertionError("a foreign QR code was opened")
    } catch (e: GatewayFailure.InvalidInput) {
    }
    val codes = device.newBackupCodes()
    check(codes.size >= 8 && device.backupCodesRemaining() == codes.size.toLong()) { "backup codes" }
    check(device.devices().single().thisDevice) { "device list" }
    check(HTTP.calls.get() > 10) { "the calls did not go through the Kotlin HTTP stack" }
    val offline = LoginSession("http://127.0.0.1:9", data, keys, HTTP)
    try {
        offline.login("10000000146", "whatever")
        throw AssertionError("a login without a gateway succeeded")
    } catch (e: GatewayFailure.Offline) {
    }
}

fun aLongPullIsCancelledFromKotlin() = runBlocking {
    val device = registered ?: throw AssertionError("no device registered by the login test")
    val started = System.nanoTime()
    val waiting = async { runCatching { device.pullApproval(15u) } }
    delay(300)
    device.cancel()
    val result = waiting.await()
    val seconds = (System.nanoTime() - started) / 1e9
    check(result.exceptionOrNull() is GatewayFailure.Cancelled) { "ended with $result" }
    check(seconds < 5) { "cancel took $seconds s" }
    check(device.pendingApprovals().isEmpty()) { "the device no longer answers after a cancel" }
}
