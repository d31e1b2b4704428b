package io.backupwebhooks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.report.DailyReport;
import io.backupwebhooks.shared.report.ReportMail;
import io.backupwebhooks.shared.store.BackupOutcome;
import io.backupwebhooks.shared.store.Delivery;
import io.backupwebhooks.testing.FunctionProfile;
import io.backupwebhooks.testing.Project;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A picture of a report's HTML part as a phone shows it: rendered from the Qute template by the report function's own
 * service, opened in headless Chromium at 375 CSS pixels (no sideways scrolling), written to
 * target/report-email.png (the README shows a copy, src/docs/report-email.png).
 */
@QuarkusTest
@TestProfile(FunctionProfile.Report.class)
class ReportPictureTest {

    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    static final File CHROMIUM = new File("/usr/bin/chromium");

    @Inject
    ReportMail service;

    @Test
    void givenADayWithFailuresAndMissedStarts_whenItsReportIsShownAtPhoneWidth_thenItFitsAndIsPictured()
            throws Exception {
        assumeTrue(
                CHROMEDRIVER.canExecute() && CHROMIUM.canExecute(),
                "needs /usr/bin/chromium and /usr/bin/chromedriver");
        ZoneId zone = ZoneId.of("America/Chicago");
        LocalDate day = LocalDate.parse("2026-12-01");
        Instant start = day.atStartOfDay(zone).toInstant();
        List<BackupOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 118; i++) {
            outcomes.add(outcome(EventType.SUCCESS, start.plusSeconds(600L * i), "web-" + (i % 12), null));
        }
        outcomes.add(outcome(EventType.FAILED, start.plusSeconds(3 * 3600 + 900), "db-primary", null));
        outcomes.add(outcome(EventType.FAILED, start.plusSeconds(14 * 3600), "files-02", Delivery.Outcome.FAILED));
        outcomes.add(outcome(EventType.MISSING, start.plusSeconds(2 * 3600), "mail-01", null));
        outcomes.sort(Comparator.comparing(BackupOutcome::at));
        DailyReport report = DailyReport.of("TEST", day, zone, false, outcomes, "https://backups.example.com")
                .forRecipient("https://backups.example.com/report/unsubscribe?token=example");
        assertEquals("Backups for TEST on 2026-12-01: 118 succeeded, 2 failed, 1 missed", report.subject());
        Path html = Project.path("target", "report-email.html");
        Files.createDirectories(html.getParent());
        Files.writeString(html, service.html(report));

        Path profile = Files.createTempDirectory("report-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-background-networking",
                "--user-data-dir=" + profile);
        ChromeDriver browser = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(CHROMEDRIVER)
                        .usingAnyFreePort()
                        .build(),
                options);
        try {
            browser.executeCdpCommand(
                    "Emulation.setDeviceMetricsOverride",
                    Map.of("width", 375, "height", 800, "deviceScaleFactor", 1, "mobile", true));
            browser.get(html.toUri().toString());
            long width = (Long) browser.executeScript("return document.documentElement.scrollWidth");
            assertTrue(width <= 375, "no sideways scrolling on a phone: " + width);
            assertTrue(browser.getPageSource().contains("db-primary"));
            long height = (Long) browser.executeScript("return document.documentElement.scrollHeight");
            browser.executeCdpCommand(
                    "Emulation.setDeviceMetricsOverride",
                    Map.of("width", 375, "height", (int) height, "deviceScaleFactor", 1, "mobile", true));
            Files.copy(
                    browser.getScreenshotAs(OutputType.FILE).toPath(),
                    Project.path("target", "report-email.png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.quit();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static BackupOutcome outcome(EventType type, Instant at, String server, Delivery.Outcome webhook) {
        return new BackupOutcome(
                "TEST",
                "evt_" + at.toEpochMilli(),
                type,
                at,
                server,
                "sp",
                "ap",
                type == EventType.MISSING ? "Hourly web" : "Nightly",
                type == EventType.MISSING ? null : "rp-" + at.getEpochSecond(),
                webhook,
                webhook == null ? null : 500,
                webhook == null ? null : "the listener answered 500");
    }
}
