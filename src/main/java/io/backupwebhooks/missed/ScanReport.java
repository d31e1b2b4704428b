package io.backupwebhooks.missed;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one scan did: server policies read as due, checked (and advanced), missed starts found, policies that
 * failed (left due for the next scan), and whether it got through all due work within its time budget.
 */
@RegisterForReflection
public record ScanReport(String now, int due, int checked, int missed, int failed, boolean complete) {
}
