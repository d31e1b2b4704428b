package io.backupwebhooks.missed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The scan's second step: the order in which what it found is enqueued, fair across accounts and capped per account. */
final class AlertOrder {

    private AlertOrder() {}

    /**
     * The order in which found policies are enqueued: round-robin across accounts (in the order they were found),
     * each account's policies in the order they were found; an account's policies beyond {@code perAccount} missed
     * starts are left out (they stay due), but its first policy is always taken.
     */
    static List<Found> interleave(Iterable<Found> found, int perAccount, ScanTally tally) {
        Map<String, List<Found>> byAccount = new LinkedHashMap<>();
        Map<String, Integer> taken = new LinkedHashMap<>();
        for (Found f : found) {
            List<Found> own = byAccount.computeIfAbsent(f.policy.account(), a -> new ArrayList<>());
            int alerts = taken.getOrDefault(f.policy.account(), 0);
            if (!own.isEmpty() && alerts + f.alerts.size() > perAccount) {
                if (tally != null) {
                    tally.deferred.incrementAndGet();
                    tally.leftDue(f.policy.nextCheckAt());
                }
                continue;
            }
            own.add(f);
            taken.put(f.policy.account(), alerts + f.alerts.size());
        }
        List<Found> order = new ArrayList<>();
        for (int round = 0;
                order.size() < byAccount.values().stream().mapToInt(List::size).sum();
                round++) {
            for (List<Found> own : byAccount.values()) {
                if (round < own.size()) {
                    order.add(own.get(round));
                }
            }
        }
        return order;
    }
}
