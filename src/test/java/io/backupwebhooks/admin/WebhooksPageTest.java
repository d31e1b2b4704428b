package io.backupwebhooks.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.backupwebhooks.local.FrontDoor;
import io.backupwebhooks.testing.Api;
import io.backupwebhooks.testing.Arrange;
import io.backupwebhooks.testing.FunctionProfile;
import io.backupwebhooks.testing.Lambda;
import io.backupwebhooks.testing.Listener;
import io.backupwebhooks.testing.Listener.Received;
import io.backupwebhooks.testing.ListenerExtension;
import io.backupwebhooks.testing.Project;
import io.backupwebhooks.testing.Samples;
import io.backupwebhooks.testing.SignatureCheck;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The Webhooks page in headless Chromium, against the real admin function: each request of the page goes through
 * {@link FrontDoor} (an API Gateway stand-in that adds a local account claim) to the function's Lambda Runtime API.
 * One browser serves the whole class; each test gets a fresh account behind its own front door.
 */
@QuarkusTest
@TestProfile(FunctionProfile.Admin.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhooksPageTest {

    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    static final File CHROMIUM = new File("/usr/bin/chromium");
    static final List<String> TYPES = List.of("SUCCESS", "PARTIAL_SUCCESS", "FAILED", "MISSING");
    static final Duration PATIENCE = Duration.ofSeconds(10);
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @RegisterExtension
    static final ListenerExtension listener = new ListenerExtension();

    static ChromeDriver browser;
    static Path profile;

    @jakarta.inject.Inject
    io.backupwebhooks.shared.store.DeliveryStore deliveryStore;

    @jakarta.inject.Inject
    io.backupwebhooks.delivery.PolicyFeed feed;

    @jakarta.inject.Inject
    io.backupwebhooks.shared.store.StartStore starts;

    @jakarta.inject.Inject
    io.backupwebhooks.shared.store.ServerPolicyStore servers;

    @jakarta.inject.Inject
    io.backupwebhooks.shared.webhook.WebhookDispatcher dispatcher;

    @io.backupwebhooks.testing.Emulated
    io.backupwebhooks.testing.ElasticMq sqs;

    String account;
    Api api;
    FrontDoor door;
    /** What the front door hands back to the page; the function's own answer unless a test changes it. */
    volatile UnaryOperator<String> answer = UnaryOperator.identity();
    /** sign-in.json as the page gets it; null: the function's own (no identity provider configured). */
    volatile String signIn;
    /** The Authorization header of each request the page made to the API (empty string: none). */
    final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startBrowser() throws IOException {
        if (!browserInstalled()) {
            return; // each test is then skipped, naming the packages
        }
        profile = Files.createTempDirectory("webhooks-page-chromium");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.getPath());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--window-size=1200,1600");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    static boolean browserInstalled() {
        return CHROMEDRIVER.canExecute() && CHROMIUM.canExecute();
    }

    @BeforeEach
    void openFrontDoor() {
        assumeTrue(
                browserInstalled(),
                "the page's browser tests need /usr/bin/chromium and /usr/bin/chromedriver:"
                        + " apt-get install chromium chromium-driver");
        account = "PAGE-" + UUID.randomUUID().toString().substring(0, 8);
        api = Api.as(account);
        door = new FrontDoor(0, account, this::invoke);
    }

    @AfterEach
    void closeFrontDoorAndCheckTheConsole() {
        if (door == null) {
            return;
        }
        door.close();
        List<String> refused = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy"))
                .toList();
        assertEquals(List.of(), refused, "nothing on the page breaks its own Content-Security-Policy");
    }

    /** As {@link Api#send}: the event to the function through the mock Lambda event server; its answer back. */
    String invoke(String event) {
        if (Samples.tree(event).path("rawPath").asText().equals("/sign-in.json")) {
            String body = signIn;
            if (body != null) { // where this test's identity provider is
                return Samples.JSON
                        .createObjectNode()
                        .put("statusCode", 200)
                        .<com.fasterxml.jackson.databind.node.ObjectNode>set(
                                "headers", Samples.JSON.createObjectNode().put("Content-Type", "application/json"))
                        .put("body", body)
                        .toString();
            }
        } else {
            authorizations.add(
                    Samples.tree(event).path("headers").path("authorization").asText(""));
        }
        String reply = Lambda.invoke(event);
        return answer.apply(reply);
    }

    @Test
    @Order(1)
    void givenNoSubscriptions_whenAUrlIsSavedForEachTypeAndThePageReloaded_thenAllAreKeptAndARemovedOneIsGone() {
        open();
        assertEquals("Webhooks", browser.getTitle());
        assertEquals(
                List.of("Backup Success", "Backup Partial Success", "Backup Failure", "Missing Backups"),
                browser.findElements(By.cssSelector("section.card h2")).stream()
                        .map(WebElement::getText)
                        .toList());
        assertEquals("A backup finished with status PARTIAL_SUCCESS.", text("PARTIAL_SUCCESS-desc"));
        assertEquals(
                "A server did not start a backup within 1 hour of its policy's scheduled start.", text("MISSING-desc"));
        assertEquals(
                "Webhook URL",
                browser.findElement(By.cssSelector("label[for='FAILED-url']")).getText());

        for (String type : TYPES) {
            if (type.equals("FAILED")) {
                browser.findElement(By.id(type + "-enabled")).click(); // saved disabled
            }
            save(type, listener.url("/kept/" + type, Listener.ok()));
            assertTrue(text(type + "-status").startsWith("Saved"), text(type + "-status"));
        }
        browser.navigate().refresh();
        waitLoaded();

        for (String type : TYPES) {
            assertEquals(listener.url("/kept/" + type, Listener.ok()), value(type + "-url"));
            assertEquals(
                    !type.equals("FAILED"),
                    browser.findElement(By.id(type + "-enabled")).isSelected());
        }
        assertEquals("Disabled", text("FAILED-state"));
        assertEquals("Active", text("SUCCESS-state"));
        assertFalse(api.get("/webhooks/FAILED").json().get("enabled").asBoolean());

        click("PARTIAL_SUCCESS-remove");
        waitFor(() -> text("PARTIAL_SUCCESS-status").equals("Removed."));
        browser.navigate().refresh();
        waitLoaded();

        assertEquals("", value("PARTIAL_SUCCESS-url"));
        assertEquals("Not set", text("PARTIAL_SUCCESS-state"));
        assertEquals(404, api.get("/webhooks/PARTIAL_SUCCESS").status());
        assertEquals(3, api.get("/webhooks").json().get("webhooks").size());
    }

    @Test
    @Order(2)
    void givenAnInvalidAndAPrivateUrl_whenSaved_thenTheApisDetailIsBesideThatFieldAndNothingIsSaved() {
        String kept = listener.url("/unchanged", Listener.ok());
        api.put("/webhooks/FAILED", Api.json(Map.of("url", kept)));
        String invalidDetail = Api.as("OTHER-" + account)
                .put("/webhooks/SUCCESS", Api.json(Map.of("url", "not a url")))
                .detail();
        String privateDetail = Api.as("OTHER-" + account)
                .put("/webhooks/SUCCESS", Api.json(Map.of("url", "http://10.0.0.1/")))
                .detail();
        assertNotEquals(invalidDetail, privateDetail);
        open();

        save("SUCCESS", "not a url");
        save("FAILED", "http://10.0.0.1/");

        WebElement success = browser.findElement(By.id("row-SUCCESS"));
        assertEquals(
                invalidDetail,
                success.findElement(By.cssSelector("[role=alert]")).getText());
        assertEquals("true", browser.findElement(By.id("SUCCESS-url")).getAttribute("aria-invalid"));
        assertEquals("not a url", value("SUCCESS-url"), "what was typed stays, to be corrected");
        WebElement failed = browser.findElement(By.id("row-FAILED"));
        assertEquals(
                privateDetail,
                failed.findElement(By.cssSelector("[role=alert]")).getText());
        assertEquals("", text("MISSING-alert"));
        assertEquals(404, api.get("/webhooks/SUCCESS").status());
        assertEquals(kept, api.get("/webhooks/FAILED").json().get("url").asText());
        assertTrue(authorizations.stream().allMatch(String::isEmpty), "no token: no Authorization header");
    }

    @Test
    @Order(3)
    void givenALoopbackListener_whenATestIsSentForEachType_thenDelivered200AndTheListenerGotThatTypesSample() {
        open();
        for (String type : TYPES) {
            String path = "/sample/" + type + "/" + UUID.randomUUID();
            save(type, listener.url(path, Listener.ok()));

            click(type + "-test");
            waitFor(() -> !text(type + "-test-result").isEmpty()
                    && !text(type + "-test-result").startsWith("Sending"));

            String result = text(type + "-test-result");
            assertTrue(result.matches("Delivered · status 200 · \\d+ ms"), result);
            assertEquals(
                    "true", browser.findElement(By.id(type + "-test-result")).getAttribute("data-delivered"));
            List<Received> got = listener.received(path);
            assertEquals(1, got.size());
            String sample = "payloads/" + type.toLowerCase().replace('_', '-') + ".json";
            assertEquals(
                    Samples.tree(Samples.read(sample)), Samples.tree(got.get(0).body()));
        }
    }

    @Test
    @Order(4)
    void givenASubscription_whenASigningSecretIsMadeAndATestSent_thenTheSecretIsShownOnceAndTheDeliveryIsListed() {
        String path = "/signed/" + UUID.randomUUID();
        api.put("/webhooks/MISSING", Api.json(Map.of("url", listener.url(path, Listener.ok()))));
        open();

        click("MISSING-secret");
        waitFor(() -> browser.findElement(By.id("MISSING-secret-box")).isDisplayed());
        String secret = text("MISSING-secret-value");
        assertTrue(secret.startsWith("whsec_"), secret);
        assertTrue(text("MISSING-secret-box").contains("it will not be shown again"));
        click("MISSING-copy");
        waitFor(() -> !text("MISSING-copied").isEmpty());
        assertEquals("Signed", text("MISSING-signed"));

        click("MISSING-test");
        waitFor(() -> text("MISSING-test-result").startsWith("Delivered"));
        Received post = listener.received(path).get(0);
        assertTrue(SignatureCheck.verifies(secret, post), "the secret shown is the one that signs");
        click("MISSING-toggle");
        waitFor(() -> !browser.findElements(By.cssSelector("#MISSING-delivery-rows tr"))
                .isEmpty());
        List<WebElement> cells = browser.findElements(By.cssSelector("#MISSING-delivery-rows tr:first-child td"));
        assertEquals("DELIVERED", cells.get(1).getText());
        assertEquals("200", cells.get(2).getText());
        assertTrue(cells.get(3).getText().matches("\\d+ ms"), cells.get(3).getText());
        assertEquals("", cells.get(4).getText());
        assertTrue(browser.findElement(By.id("MISSING-more")).getAttribute("hidden") != null, "one delivery: no More");

        browser.navigate().refresh();
        waitLoaded();
        assertFalse(browser.getPageSource().contains(secret.substring(6)), "the secret is shown once only");
        assertFalse(storage().contains(secret.substring(6)), "and never kept");
        assertFalse(browser.findElement(By.id("MISSING-secret-box")).isDisplayed());
        assertEquals("Signed", text("MISSING-signed"));
    }

    @Test
    @Order(5)
    void givenMoreDeliveriesThanOnePage_whenMoreIsPressed_thenTheNextPageIsAppendedUntilNoneIsLeft() {
        api.put("/webhooks/FAILED", Api.json(Map.of("url", listener.url("/many/" + account, Listener.ok()))));
        for (int i = 0; i < 10; i++) { // the most test sends an account makes in a minute
            assertEquals(200, api.post("/webhooks/FAILED/test").status());
        }
        // and one more attempt, as the delivery function records it
        io.backupwebhooks.shared.store.Delivery eleventh = new io.backupwebhooks.shared.store.Delivery(
                "dlv_11",
                "evt_" + UUID.randomUUID().toString().replace("-", ""),
                account,
                io.backupwebhooks.shared.EventType.FAILED,
                listener.url("/many/" + account, Listener.ok()),
                java.time.Instant.now().minusSeconds(60),
                io.backupwebhooks.shared.store.Delivery.Outcome.DELIVERED,
                200,
                5,
                null);
        Arrange.run(() -> deliveryStore.claim(eleventh, "page-test"));
        Arrange.run(() -> deliveryStore.record(eleventh, "page-test"));
        open();

        click("FAILED-toggle");
        waitFor(() ->
                browser.findElements(By.cssSelector("#FAILED-delivery-rows tr")).size() == 10);
        assertEquals("true", browser.findElement(By.id("FAILED-toggle")).getAttribute("aria-expanded"));
        click("FAILED-more");
        waitFor(() ->
                browser.findElements(By.cssSelector("#FAILED-delivery-rows tr")).size() == 11);
        assertTrue(browser.findElement(By.id("FAILED-more")).getAttribute("hidden") != null);
    }

    @Test
    @Order(6)
    void givenMarkupInASavedUrlAndInAProblemDetail_whenShown_thenItIsTextAndNothingRuns() {
        String raw = "http://93.184.216.34/<img src=x onerror=alert(1)>";
        String encoded = "http://93.184.216.34/%3Cimg%20src=x%20onerror=alert(1)%3E?a='&b=(1)";
        // The API takes what java.net.URI takes: '<', '>' and spaces must be percent-encoded.
        String url = api.put("/webhooks/SUCCESS", Api.json(Map.of("url", raw))).status() < 300 ? raw : encoded;
        if (url.equals(encoded)) {
            assertEquals(
                    201,
                    api.put("/webhooks/SUCCESS", Api.json(Map.of("url", encoded)))
                            .status());
        }
        assertEquals(url, api.get("/webhooks/SUCCESS").json().get("url").asText());
        String markup = "<img src=x onerror=alert(2)> is <b>not</b> a URL";
        answer = reply -> withDetail(reply, 400, markup);
        open();

        assertEquals(url, value("SUCCESS-url"));
        save("MISSING", "not a url");

        assertEquals(markup, text("MISSING-alert"));
        assertTrue(browser.findElements(By.tagName("img")).isEmpty());
        assertTrue(browser.findElements(By.cssSelector("main b")).isEmpty());
        assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
        assertEquals(404, api.get("/webhooks/MISSING").status());
    }

    @Test
    @Order(7)
    void givenATokenInTheFragment_whenThePageOpens_thenItIsSentAsBearerKeptInSessionStorageAndSignOutClearsIt()
            throws IOException {
        try (IdentityProvider idp = new IdentityProvider(false)) {
            signIn = "{\"authorizeUrl\":\"" + idp.url() + "\",\"clientId\":\"page\",\"scope\":\"webhooks/admin\"}";
            open();
            waitFor(() -> browser.findElement(By.id("sign-in")).isDisplayed());
            click("sign-in");
            waitFor(() -> browser.getCurrentUrl().startsWith(door.url())
                    && !browser.getCurrentUrl().contains("#"));
            waitLoaded();

            assertEquals("openid webhooks/admin", idp.asked.get("scope"));
            assertEquals("id_token token", idp.asked.get("response_type"));
            assertEquals(64, idp.asked.get("state").length());
            assertEquals(64, idp.asked.get("nonce").length());
        }
        assertFalse(browser.getCurrentUrl().contains("#"), browser.getCurrentUrl());
        assertFalse(browser.getCurrentUrl().contains("aaa.bbb.ccc"));
        waitFor(() -> "Bearer aaa.bbb.ccc".equals(last(authorizations)));
        assertEquals("aaa.bbb.ccc", script("return sessionStorage.getItem('backup-webhooks.token')"));
        assertNull(script("return sessionStorage.getItem('backup-webhooks.sign-in')"), "the state is used once");
        assertEquals("{}", script("return JSON.stringify(localStorage)"));
        assertEquals("Signed in with a token", text("auth-state"));

        click("sign-out");
        waitFor(() -> text("auth-state").equals("Not signed in"));
        waitLoaded();
        assertNull(script("return sessionStorage.getItem('backup-webhooks.token')"));
        assertEquals("", last(authorizations));

        browser.findElement(By.id("token-input")).sendKeys("Bearer ddd.eee.fff");
        browser.findElement(By.cssSelector("#token-form button")).click();
        waitFor(() -> last(authorizations).equals("Bearer ddd.eee.fff"));
        assertEquals("", value("token-input"));
        assertEquals("ddd.eee.fff", script("return sessionStorage.getItem('backup-webhooks.token')"));
    }

    @Test
    @Order(7)
    void givenALinkWithSomeoneElsesToken_whenOpened_thenTheTokenIsIgnoredAndCleared() throws IOException {
        script("sessionStorage.clear()");
        browser.get(door.url() + "#id_token=" + IdentityProvider.jwt("whatever")
                + "&access_token=someone.elses.token&state=guessed&token_type=Bearer");
        waitLoaded();

        assertFalse(browser.getCurrentUrl().contains("#"), browser.getCurrentUrl());
        assertEquals("Not signed in", text("auth-state"));
        assertNull(script("return sessionStorage.getItem('backup-webhooks.token')"));
        assertTrue(
                authorizations.stream().noneMatch(a -> a.contains("someone.elses.token")), authorizations.toString());

        // a sign-in the page started, answered with another nonce (a token minted for another sign-in)
        try (IdentityProvider idp = new IdentityProvider(true)) {
            signIn = "{\"authorizeUrl\":\"" + idp.url() + "\",\"clientId\":\"page\"}";
            open();
            waitFor(() -> browser.findElement(By.id("sign-in")).isDisplayed());
            click("sign-in");
            waitFor(() -> browser.getCurrentUrl().startsWith(door.url())
                    && !browser.getCurrentUrl().contains("#"));
            waitLoaded();
        }
        assertEquals("Not signed in", text("auth-state"));
        assertNull(script("return sessionStorage.getItem('backup-webhooks.token')"));
        assertTrue(authorizations.stream().allMatch(String::isEmpty), authorizations.toString());
    }

    /** A stand-in identity provider: its authorization endpoint answers at once with a token for the page. */
    static final class IdentityProvider implements AutoCloseable {
        final Map<String, String> asked = new java.util.concurrent.ConcurrentHashMap<>();
        private final com.sun.net.httpserver.HttpServer server;

        IdentityProvider(boolean wrongNonce) throws IOException {
            server = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/authorize", exchange -> {
                for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
                    String[] kv = pair.split("=", 2);
                    asked.put(kv[0], java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
                }
                String nonce = wrongNonce ? "another-sign-in" : asked.get("nonce");
                exchange.getResponseHeaders()
                        .add(
                                "Location",
                                asked.get("redirect_uri") + "#id_token=" + jwt(nonce)
                                        + "&access_token=aaa.bbb.ccc&token_type=Bearer&state=" + asked.get("state"));
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/authorize";
        }

        static String jwt(String nonce) {
            java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
            return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes()) + "."
                    + b64.encodeToString(("{\"sub\":\"admin-1\",\"nonce\":\"" + nonce + "\"}").getBytes()) + ".c2ln";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    @Order(8)
    void givenASignedWebhook_whenItsUrlMovesToAnotherHost_thenThePageWarnsAndOffersASecretThatEndsTheOldOne() {
        String url = listener.url("/moving/" + account, Listener.ok());
        api.put("/webhooks/SUCCESS", Api.json(Map.of("url", url)));
        api.post("/webhooks/SUCCESS/secret");
        open();

        save("SUCCESS", url.replace("127.0.0.1", "localhost"));
        waitFor(() -> browser.findElement(By.id("SUCCESS-replace-secret")).isDisplayed());
        assertTrue(text("SUCCESS-warning").contains("secret"), text("SUCCESS-warning"));

        click("SUCCESS-replace-secret");
        waitFor(() -> browser.findElement(By.id("SUCCESS-secret-box")).isDisplayed());
        assertTrue(text("SUCCESS-secret-value").startsWith("whsec_"));
        assertFalse(browser.findElement(By.id("SUCCESS-warning")).isDisplayed());
        api.post("/webhooks/SUCCESS/test");
        String signatures = listener.received("/moving/" + account).get(0).header("webhook-signature");
        assertEquals(1, signatures.split(" ").length, "the old secret no longer signs: " + signatures);
    }

    @Test
    @Order(8)
    void givenNoAccountClaim_whenThePageOpens_thenThePageIsServedAndSignInRequiredIsShown() throws Exception {
        try (FrontDoor anonymous = new FrontDoor(0, "", this::invoke)) {
            HttpClient http = HttpClient.newHttpClient();
            for (String[] file : List.of(
                    new String[] {"", "text/html; charset=utf-8"},
                    new String[] {"app.js", "text/javascript; charset=utf-8"},
                    new String[] {"app.css", "text/css; charset=utf-8"})) {
                HttpResponse<String> got = http.send(
                        HttpRequest.newBuilder(URI.create(anonymous.url() + file[0]))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, got.statusCode(), file[0]);
                assertEquals(file[1], got.headers().firstValue("Content-Type").orElse(null));
                assertEquals(
                        POLICY,
                        got.headers().firstValue("Content-Security-Policy").orElse(null));
                assertEquals(
                        "nosniff",
                        got.headers().firstValue("X-Content-Type-Options").orElse(null));
                assertEquals(
                        "no-referrer",
                        got.headers().firstValue("Referrer-Policy").orElse(null));
            }
            assertEquals(
                    401,
                    http.send(
                                    HttpRequest.newBuilder(URI.create(anonymous.url() + "webhooks"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode());

            browser.get(anonymous.url());
            waitFor(() -> text("page-alert").startsWith("Sign in required"));
            assertTrue(browser.findElement(By.id("page-alert")).isDisplayed());
            assertEquals("alert", browser.findElement(By.id("page-alert")).getAttribute("role"));
        }
    }

    @Test
    @Order(9) // last: the pictures show the page after the steps above
    void givenAFilledInPage_whenViewedAt1200AndAt375Pixels_thenItFitsWithoutHorizontalScrolling() throws IOException {
        api.put("/webhooks/SUCCESS", Api.json(Map.of("url", listener.url("/shot/success", Listener.ok()))));
        api.put(
                "/webhooks/PARTIAL_SUCCESS",
                Api.json(Map.of("url", listener.url("/shot/partial", Listener.ok()), "enabled", false)));
        api.put(
                "/webhooks/FAILED",
                Api.json(Map.of("url", listener.url("/shot/failed", new Listener.Status(500, Duration.ZERO)))));
        api.post("/webhooks/FAILED/test");
        open();
        click("SUCCESS-test");
        waitFor(() -> text("SUCCESS-test-result").startsWith("Delivered"));
        click("SUCCESS-toggle");
        waitFor(() -> !browser.findElements(By.cssSelector("#SUCCESS-delivery-rows tr"))
                .isEmpty());
        click("PARTIAL_SUCCESS-secret");
        waitFor(() -> text("PARTIAL_SUCCESS-secret-value").startsWith("whsec_"));
        click("FAILED-toggle");
        waitFor(() -> !browser.findElements(By.cssSelector("#FAILED-delivery-rows tr"))
                .isEmpty());
        save("MISSING", "http://10.0.0.1/hooks");
        assertTrue(
                script("return document.styleSheets.length === 1 && document.styleSheets[0].cssRules.length > 0"
                                + " && getComputedStyle(document.body).backgroundColor !== 'rgba(0, 0, 0, 0)'")
                        .equals(Boolean.TRUE),
                "the stylesheet applies under the page's CSP");

        assertTrue(fitsWidth(), "no horizontal scrolling at 1200 px");
        try {
            screenshot("webhooks-page.png", 1200, false);
            for (boolean mobile : new boolean[] {true, false}) { // a phone, and a narrow desktop window
                emulate(375, 812, mobile);
                assertEquals(375L, script("return window.innerWidth"));
                assertTrue(
                        fitsWidth(),
                        "no horizontal scrolling at 375 px: "
                                + script("return document.documentElement.scrollWidth + ' > ' + window.innerWidth"));
            }
            screenshot("webhooks-page-phone.png", 375, true);
        } finally {
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @Test
    @Order(20)
    void
            givenTheDailyReportSection_whenAddressesAreSavedAndABadZoneTried_thenTheyWaitForConfirmationAndTheErrorIsShown()
                    throws IOException {
        open();
        waitReportLoaded();
        WebElement recipients = browser.findElement(By.id("report-recipients"));
        recipients.clear();
        recipients.sendKeys("ops@example.org\nboss@example.org");
        WebElement zone = browser.findElement(By.id("report-timezone"));
        zone.clear();
        zone.sendKeys("+05:00");
        click("report-save");
        waitFor(() -> !text("report-alert").isEmpty());
        assertTrue(text("report-alert").contains("'timezone'"), text("report-alert"));
        assertFalse(api.get("/report").json().get("enabled").asBoolean(), "nothing saved");

        zone.clear();
        zone.sendKeys("America/Chicago");
        click("report-save");
        waitFor(() -> text("report-status").startsWith("Saved"));
        assertEquals(
                List.of("ops@example.org — waiting for confirmation", "boss@example.org — waiting for confirmation"),
                browser.findElements(By.cssSelector("#report-list li")).stream()
                        .map(WebElement::getText)
                        .toList());
        assertEquals(
                "America/Chicago", api.get("/report").json().get("timezone").asText());
        browser.navigate().refresh();
        waitLoaded();
        waitFor(() -> browser.findElements(By.cssSelector("#report-list li")).size() == 2);
        assertEquals("America/Chicago", value("report-timezone"));
        assertEquals("Off", text("report-state"), "on once an address is confirmed");
        click("report-test");
        waitFor(() -> !text("report-alert").isEmpty());
        assertTrue(text("report-alert").contains("confirmed"), text("report-alert"));
    }

    @Test
    @Order(30)
    void givenAFeedPolicyWith30Servers_whenTheWatchedSectionOpens_thenItShowsTheScheduleInWordsAndPagesTheServers()
            throws IOException {
        Instant applied = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Arrange.run(() -> {
            try {
                feed.handle(("{\"type\":\"ACCOUNT_POLICY\",\"account\":\"%s\",\"accountPolicyId\":\"nightly\","
                                + "\"name\":\"Nightly databases\",\"schedule\":\"R/2026-01-01T22:30:00Z/PT12H\","
                                + "\"timezone\":\"Europe/Berlin\",\"version\":7}")
                        .formatted(account));
                for (int i = 1; i <= 30; i++) {
                    feed.handle(("{\"type\":\"SERVER_POLICY\",\"account\":\"%s\",\"accountPolicyId\":\"nightly\","
                                    + "\"serverPolicyId\":\"sp-%02d\",\"server\":\"db-%02d\",\"storageRegion\":\"EU\","
                                    + "\"enabled\":%s,\"version\":1}")
                            .formatted(account, i, i, i != 30));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            starts.record(new io.backupwebhooks.shared.store.Start(
                    "sp-01", applied.minus(Duration.ofHours(3)), account, "db-01", "nightly", null));
            var sp02 = servers.find(account, "nightly", "sp-02").orElseThrow();
            servers.advance(sp02, sp02.checkedThrough(), sp02.nextCheckAt(), Instant.parse("2026-01-02T10:30:00Z"));
        });
        api.put("/policies/typed", Api.json(Map.of("name", "Weekly archive", "schedule", "0 3 * * 0")));

        open();
        waitFor(() ->
                "true".equals(browser.findElement(By.id("watched-policies")).getDomAttribute("data-loaded")));

        assertEquals("2 policies", text("watched-count"));
        WebElement nightly = browser.findElement(By.cssSelector("[data-policy='nightly']"));
        assertTrue(nightly.getText().contains("Nightly databases"), nightly.getText());
        assertTrue(nightly.getText().contains("backup service, v7"), nightly.getText());
        assertTrue(nightly.getText().contains("Every 12 hours, from"), nightly.getText());
        assertTrue(nightly.getText().contains("(Europe/Berlin)"), nightly.getText());
        WebElement typed = browser.findElement(By.cssSelector("[data-policy='typed']"));
        assertTrue(typed.getText().contains("At 03:00 on Sun (UTC)"), typed.getText());
        assertTrue(typed.getText().contains("No servers under this policy."), typed.getText());
        assertEquals(25, nightly.findElements(By.cssSelector("tbody tr")).size(), "one page of 25");

        WebElement first = nightly.findElement(By.cssSelector("tr[data-server='sp-01']"));
        assertFalse(first.getText().contains("none recorded"), "its recorded start is shown: " + first.getText());
        assertFalse(first.getText().contains("not watched"), first.getText());
        WebElement second = nightly.findElement(By.cssSelector("tr[data-server='sp-02']"));
        assertEquals(1, second.findElements(By.cssSelector(".missed")).size(), second.getText());
        assertTrue(second.getText().contains("none recorded"), second.getText());

        nightly.findElement(By.cssSelector("[data-part='more']")).click();
        waitFor(() -> nightly.findElements(By.cssSelector("tbody tr")).size() == 30);
        assertFalse(nightly.findElement(By.cssSelector("[data-part='more']")).isDisplayed(), "no page is left");
        assertTrue(
                nightly.findElement(By.cssSelector("tr[data-server='sp-30']"))
                        .getText()
                        .contains("db-30 (disabled)"),
                "a disabled server is shown, not watched");
        assertTrue(fitsWidth(), "no horizontal scrolling at 1200 px");
        WebElement section = browser.findElement(By.id("watched"));
        script("arguments[0].scrollIntoView()", section);
        Path target = Project.path("target", "watched-servers.png");
        Files.copy(section.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    @Order(31)
    void
            givenFailedDeliveries_whenOneIsResentAndTheRestRecoveredFromThePage_thenTheLogShowsTheResendAndTheRestAreQueued()
                    throws IOException {
        String path = "/page/resend/" + account;
        api.put(
                "/webhooks/FAILED",
                Api.json(Map.of("url", listener.url(path, new Listener.Status(503, Duration.ZERO)))));
        java.time.Instant before = java.time.Instant.now().minusSeconds(60);
        List<io.backupwebhooks.shared.store.Delivery> failed = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            failed.add(io.backupwebhooks.testing.Seed.attempt(
                    dispatcher,
                    account,
                    io.backupwebhooks.shared.EventType.FAILED,
                    Samples.read("payloads/failed.json")));
        }
        listener.url(path, Listener.ok()); // the listener is back
        browser.get(door.url() + "?deliveries=FAILED"); // the daily report's link
        waitLoaded();

        waitFor(() ->
                browser.findElements(By.cssSelector("#FAILED-delivery-rows tr")).size() == 3);
        assertEquals(
                "true",
                browser.findElement(By.id("FAILED-toggle")).getAttribute("aria-expanded"),
                "the link opens the type's delivery log");
        List<WebElement> buttons = browser.findElements(By.cssSelector("#FAILED-delivery-rows button"));
        assertEquals(3, buttons.size(), "a Resend button on each failed row");
        buttons.get(0).click();
        waitFor(() -> text("FAILED-status").startsWith("Resent: delivered"));
        waitFor(() ->
                browser.findElements(By.cssSelector("#FAILED-delivery-rows tr")).size() == 4);
        List<WebElement> top = browser.findElements(By.cssSelector("#FAILED-delivery-rows tr:first-child td"));
        assertEquals("DELIVERED", top.get(1).getText());
        assertTrue(top.get(4).getText().startsWith("Resend"), top.get(4).getText());
        String resent = failed.get(2).id(); // the newest first attempt was the top row
        WebElement original = browser.findElement(By.cssSelector("#FAILED-delivery-rows tr[data-id='" + resent + "']"));
        assertTrue(original.getText().contains("Resent: delivered"), original.getText());
        assertEquals(0, original.findElements(By.tagName("button")).size(), "nothing left to resend there");
        assertEquals(4, listener.received(path).size());
        assertEquals(
                failed.get(2).eventId(), listener.received(path).get(3).header("webhook-id"), "the event's own id");

        script(
                "arguments[0].value = arguments[1]",
                browser.findElement(By.id("FAILED-recover-since")),
                java.time.LocalDateTime.ofInstant(before, java.time.ZoneId.systemDefault())
                        .withNano(0)
                        .toString());
        click("FAILED-recover");
        waitFor(() -> text("FAILED-recover-status").startsWith("2 resends queued"));
        assertEquals(
                4, listener.received(path).size(), "queued for the delivery function, not sent by the page's call");
        List<String> queued = sqs
                .drain(sqs.client()
                        .getQueueUrl(b -> b.queueName(io.backupwebhooks.testing.Resolver.QUEUES.get("ResendQueue")))
                        .queueUrl())
                .stream()
                .map(m -> io.backupwebhooks.shared.webhook.ResendRequest.fromMessage(m.body())
                        .deliveryId())
                .sorted()
                .toList();
        assertEquals(
                java.util.stream.Stream.of(failed.get(0).id(), failed.get(1).id())
                        .sorted()
                        .toList(),
                queued,
                "the two still failed, not the one delivered by its resend");
        assertTrue(fitsWidth(), "no horizontal scrolling at 1200 px");
        WebElement card = browser.findElement(By.id("row-FAILED"));
        script("arguments[0].scrollIntoView()", card);
        Path target = Project.path("target", "resend.png");
        Files.copy(card.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    // ---- helpers ----

    void open() {
        browser.get(door.url());
        waitLoaded();
    }

    /** The four rows exist and the first GET /webhooks has been answered. */
    void waitLoaded() {
        waitFor(() -> browser.findElements(By.cssSelector("section.card")).size() == 4
                && text("page-status").isEmpty());
    }

    /** The daily report's GET has been answered: else its late answer would overwrite what a test types there. */
    void waitReportLoaded() {
        waitFor(() -> "true".equals(browser.findElement(By.id("report-list")).getDomAttribute("data-loaded")));
    }

    void save(String type, String url) {
        WebElement input = browser.findElement(By.id(type + "-url"));
        input.clear();
        input.sendKeys(url);
        click(type + "-save");
        waitFor(() ->
                !text(type + "-status").isEmpty() || !text(type + "-alert").isEmpty());
    }

    void click(String id) {
        browser.findElement(By.id(id)).click();
    }

    String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    String value(String id) {
        return browser.findElement(By.id(id)).getDomProperty("value");
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(js, args);
    }

    String storage() {
        return script("return JSON.stringify(sessionStorage) + JSON.stringify(localStorage)")
                .toString();
    }

    boolean fitsWidth() {
        return Boolean.TRUE.equals(script("return document.documentElement.scrollWidth <= window.innerWidth"));
    }

    /**
     * The whole page at {@code width} CSS pixels, as one image: the viewport is emulated (desktop Chromium's windows
     * cannot be 375 px wide) and made as tall as the page.
     */
    void screenshot(String name, int width, boolean mobile) throws IOException {
        emulate(width, 800, mobile);
        long height = (Long) script("return document.documentElement.scrollHeight");
        emulate(width, (int) height, mobile);
        Path target = Project.path("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    void emulate(int width, int height, boolean mobile) {
        browser.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    static void waitFor(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, PATIENCE, Duration.ofMillis(25)).until(driver -> condition.getAsBoolean());
    }

    static String last(List<String> values) {
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }

    /**
     * The function's answer with a problem's {@code detail} replaced: the API never echoes markup in a detail, so
     * the front door puts some there to show that the page treats every detail as text.
     */
    static String withDetail(String reply, int status, String detail) {
        ObjectNode out = (ObjectNode) Samples.tree(reply);
        if (out.path("statusCode").asInt() != status) {
            return reply;
        }
        ObjectNode problem = (ObjectNode) Samples.tree(out.get("body").asText());
        problem.put("detail", detail);
        out.put("body", problem.toString());
        return out.toString();
    }
}
