package io.backupwebhooks.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.testing.Samples;

class LifecycleEventParserTest {

    @Test
    void givenSpecStartedEvent_whenParsed_thenStartWithoutCompletionFields() throws BadEventException {
        LifecycleEvent e = LifecycleEventParser.parse(Samples.read("events/backup-started.json"));

        assertEquals(LifecycleEvent.Kind.BACKUP_STARTED, e.type());
        assertNull(e.status());
        assertEquals("UC1BAADUBUN1605", e.server());
        assertEquals(Instant.parse("2019-02-01T21:20:41Z"), e.startedDate().toInstant());
    }

    @Test
    void givenCompletionWithOffsetAndUnknownFields_whenParsed_thenOffsetKeptAndExtrasIgnored()
            throws BadEventException {
        String body = Samples.event("backup-partial-success")
                .put("extra", 42)
                .put("another", "x")
                .toString();

        LifecycleEvent e = LifecycleEventParser.parse(body);

        assertEquals(EventType.PARTIAL_SUCCESS, e.status());
        assertEquals(Instant.parse("2019-02-01T01:05:00Z"), e.finishedDate().toInstant());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON at all                     | not json                                     | body is not JSON
            a JSON array                        | []                                           | not a JSON object
            JSON null                           | null                                         | not a JSON object
            unknown type                        | {"type":"BACKUP_PAUSED"}                     | type 'BACKUP_PAUSED' is not one of
            type missing                        | {"account":"A"}                              | type is required
            type of the wrong kind              | {"type":7}                                   | type must be a string
            """)
    void givenMalformedBody_whenParsed_thenRejectedWithTheReason(String name, String body, String reason) {
        BadEventException e = assertThrows(BadEventException.class, () -> LifecycleEventParser.parse(body));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            status            | MISSING        | status 'MISSING' is not one of [SUCCESS, PARTIAL_SUCCESS, FAILED]
            status            | success        | status 'success' is not one of
            finishedDate      | 2019-02-01     | finishedDate '2019-02-01' is not an ISO-8601 date-time with an offset
            finishedDate      | 2019-02-01T21:23:57 | is not an ISO-8601 date-time with an offset
            startedDate       | yesterday      | startedDate 'yesterday' is not
            server            | ''             | server must not be empty
            account           | A#B            | account must not contain '#'
            serverPolicyId    | p#1            | serverPolicyId must not contain '#'
            """)
    void givenCompletionWithBadField_whenParsed_thenTheFieldIsNamed(String field, String value, String reason) {
        String body = Samples.event("backup-failed").put(field, value).toString();

        BadEventException e = assertThrows(BadEventException.class, () -> LifecycleEventParser.parse(body));

        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "backup-failed,account",
        "backup-failed,accountPolicyName",
        "backup-failed,restorePointId",
        "backup-failed,finishedDate",
        "backup-failed,status",
        "backup-started,startedDate",
        "backup-started,serverPolicyId",
        "backup-started,accountPolicyId"
    })
    void givenEventWithoutRequiredField_whenParsed_thenItIsNamedAsRequired(String sample, String field) {
        String body = Samples.event(sample).without(field).toString();

        BadEventException e = assertThrows(BadEventException.class, () -> LifecycleEventParser.parse(body));

        assertTrue(e.getMessage().contains(field + " is required"), e.getMessage());
    }

    @Test
    void givenStartWithoutRestorePointAndCompletionWithoutStart_whenParsed_thenBothAccepted() throws BadEventException {
        assertNull(LifecycleEventParser.parse(Samples.event("backup-started")
                        .without("restorePointId")
                        .toString())
                .restorePointId());
        assertNull(LifecycleEventParser.parse(Samples.read("events/backup-success.json"))
                .startedDate());
    }
}
