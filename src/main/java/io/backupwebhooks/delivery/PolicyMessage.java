package io.backupwebhooks.delivery;

import com.fasterxml.jackson.databind.JsonNode;

import io.backupwebhooks.shared.schedule.Schedule;

/** One message of the policy feed (spec §5): a policy's whole state at a version, or the end of a resynchronisation. */
sealed interface PolicyMessage {

    int MAX_TEXT = 256;

    String account();

    /** {@code ACCOUNT_POLICY}: the schedule is null on a tombstone. */
    record AccountPolicyState(
            String account,
            String accountPolicyId,
            String name,
            Schedule schedule,
            long version,
            boolean deleted,
            String syncId)
            implements PolicyMessage {}

    /** {@code SERVER_POLICY}: server and region are null on a tombstone that does not name them. */
    record ServerPolicyState(
            String account,
            String accountPolicyId,
            String serverPolicyId,
            String server,
            String storageRegion,
            boolean enabled,
            long version,
            boolean deleted,
            String syncId)
            implements PolicyMessage {}

    /** {@code POLICY_SYNC}: how many live policies of the account the resynchronisation {@code syncId} sent. */
    record Sync(String account, String syncId, long accountPolicies, long serverPolicies) implements PolicyMessage {}

    enum Type {
        ACCOUNT_POLICY,
        SERVER_POLICY,
        POLICY_SYNC
    }

    /** Reads a message body, or says everything that is wrong with it. */
    static PolicyMessage parse(String body) throws BadEventException {
        JsonNode root = MessageFields.object(body);
        MessageFields f = new MessageFields(root);
        Type type = f.enumValue("type", Type.class);
        String account = f.key("account");
        PolicyMessage message = null;
        if (type == Type.POLICY_SYNC) {
            message = new Sync(
                    account,
                    f.text("syncId", true, MAX_TEXT),
                    f.integer("accountPolicies", 0, Long.MAX_VALUE),
                    f.integer("serverPolicies", 0, Long.MAX_VALUE));
        } else if (type != null) {
            String accountPolicyId = f.key("accountPolicyId");
            long version = f.integer("version", 0, Long.MAX_VALUE);
            boolean deleted = f.bool("deleted", false);
            String syncId = f.text("syncId", false, MAX_TEXT);
            if (type == Type.ACCOUNT_POLICY) {
                String name = f.text("name", !deleted, MAX_TEXT);
                String expression = f.text("schedule", !deleted, MAX_TEXT);
                String zone = f.text("timezone", false, MAX_TEXT);
                Schedule schedule = null;
                if (!deleted && expression != null) {
                    try {
                        schedule = Schedule.ofPolicy(expression, zone);
                    } catch (IllegalArgumentException e) {
                        f.problem(e.getMessage());
                    }
                }
                message = new AccountPolicyState(account, accountPolicyId, name, schedule, version, deleted, syncId);
            } else {
                message = new ServerPolicyState(
                        account,
                        accountPolicyId,
                        f.key("serverPolicyId"),
                        f.text("server", !deleted, MAX_TEXT),
                        f.text("storageRegion", !deleted, MAX_TEXT),
                        f.bool("enabled", true),
                        version,
                        deleted,
                        syncId);
            }
        }
        f.throwIfInvalid();
        return message;
    }
}
