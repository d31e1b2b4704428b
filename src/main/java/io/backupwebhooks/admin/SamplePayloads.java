package io.backupwebhooks.admin;

import java.time.Instant;

import io.backupwebhooks.shared.EventType;
import io.backupwebhooks.shared.webhook.Payloads;

/** What a test send carries: the spec's example payload of each event type (samples/payloads/*.json). */
final class SamplePayloads {

    private SamplePayloads() {}

    static String of(EventType type) {
        return switch (type) {
            case SUCCESS ->
                Payloads.completion(new Payloads.Completion(
                        EventType.SUCCESS,
                        "TEST",
                        "UC1BAADUBUN1605",
                        "d46dc104-2119-4288-a59c-f04f59ffb1e9",
                        "TestAccountPolicyName20181228013921",
                        "04ea6d8d-90a5-45a3-a67d-84c2dfe20141",
                        "d46dc104-2119-4288-a59c-f04f59ffb1e920190201212354",
                        Instant.parse("2019-02-01T21:23:57Z")));
            case PARTIAL_SUCCESS ->
                Payloads.completion(new Payloads.Completion(
                        EventType.PARTIAL_SUCCESS,
                        "TEST",
                        "IL1TESTWIND0803",
                        "5e641ec2-24c1-40aa-a93a-d75e66f37d12",
                        "andy-test-windows-20181019",
                        "ab8e34e6-15e1-4940-86b0-77ab68854746",
                        "5e641ec2-24c1-40aa-a93a-d75e66f37d1220190131170408",
                        Instant.parse("2019-02-01T01:05:00Z")));
            case FAILED ->
                Payloads.completion(new Payloads.Completion(
                        EventType.FAILED,
                        "TEST",
                        "testServerId20190201013933",
                        "a73fb66e-7e77-41fa-b303-11600820d13a",
                        "TestAccountPolicyName20190201013935",
                        "96ac27e5-3e70-4ec8-8275-286c4a436ab4",
                        "c56b1fd4-b566-4044-a696-0f1311ffdeee",
                        Instant.parse("2019-02-01T01:39:40Z")));
            case MISSING ->
                Payloads.missing(new Payloads.Missing(
                        "TEST",
                        "testServerId20181228013921",
                        "5f3876b7-6fc9-4610-b619-85f6c01e231d",
                        "TestAccountPolicyName20181228013921",
                        "2f62f2a3-d1be-496e-ab0a-e2fa25c4b152",
                        "US EAST",
                        Instant.parse("2019-02-01T20:00:00Z")));
        };
    }
}
