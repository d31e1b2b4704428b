package io.backupwebhooks.missed;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one scan did: server policies read as due, checked (and advanced), missed starts enqueued (accepted by SQS),
 * policies left due by the per-account or per-scan limits or the time budget ({@code deferred}), policies that failed
 * (left due for the next scan), and whether it got through all due work.
 */
@RegisterForReflection
public record ScanReport(String now, int due, int checked, int missed, int deferred, int failed, boolean complete) {}
