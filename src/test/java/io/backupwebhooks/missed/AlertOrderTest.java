package io.backupwebhooks.missed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.backupwebhooks.shared.store.ServerPolicy;
import io.backupwebhooks.shared.webhook.MissingAlert;

/** The order in which a scan enqueues what it found: fair across accounts, and capped per account. */
class AlertOrderTest {

    private static final Instant T = Instant.parse("2026-06-10T02:00:00Z");

    @Test
    void givenOneAccountWithManyMissedPoliciesFoundFirst_whenOrdered_thenEveryAccountsFirstComesBeforeAnyonesSecond() {
        List<Found> found = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            found.add(found("A", "a" + i, 1));
        }
        found.add(found("B", "b0", 1));
        found.add(found("C", "c0", 1));
        found.add(found("C", "c1", 1));

        List<String> order = AlertOrder.interleave(found, 1000, new ScanTally()).stream()
                .map(f -> f.policy.serverPolicyId())
                .toList();

        assertEquals(List.of("a0", "b0", "c0", "a1", "c1", "a2"), order.subList(0, 6));
        assertEquals(53, order.size());
    }

    @Test
    void givenAnAccountBeyondItsCap_whenOrdered_thenItsOtherPoliciesStayDueButItsFirstIsAlwaysTaken() {
        List<Found> found = new ArrayList<>();
        found.add(found("A", "gap", 24)); // 24 missed starts after a day without scans: more than the cap alone
        found.add(found("A", "a1", 1));
        for (int i = 0; i < 30; i++) {
            found.add(found("B", "b" + i, 1));
        }
        ScanTally tally = new ScanTally();

        List<Found> order = AlertOrder.interleave(found, 10, tally);

        assertEquals(
                List.of("gap"),
                order.stream()
                        .filter(f -> f.policy.account().equals("A"))
                        .map(f -> f.policy.serverPolicyId())
                        .toList());
        assertEquals(
                10, order.stream().filter(f -> f.policy.account().equals("B")).count());
        assertEquals(1 + 20, tally.deferred.get(), "A's second policy and B's last 20 stay due");
        assertTrue(order.get(1).policy.account().equals("B"));
    }

    private static Found found(String account, String serverPolicyId, int missed) {
        ServerPolicy policy = new ServerPolicy(
                account, "ap", serverPolicyId, "srv", "EU", true, T, T, T, "Daily", "0 2 * * *", "UTC", T, T, 0);
        List<MissingAlert> alerts = new ArrayList<>();
        for (int i = 0; i < missed; i++) {
            alerts.add(MissingAlert.of(account, "srv", serverPolicyId, "ap", "Daily", "EU", T.minusSeconds(3600L * i)));
        }
        return new Found(policy, T, T.plusSeconds(86400), alerts);
    }
}
