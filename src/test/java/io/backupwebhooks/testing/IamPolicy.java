package io.backupwebhooks.testing;

import static io.backupwebhooks.testing.Template.list;
import static io.backupwebhooks.testing.Template.map;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One function's IAM permissions as the template grants them: the inline statements of its {@code Policies},
 * resolved for the local stack, evaluated as IAM evaluates identity policies (an explicit Deny wins, else an Allow
 * whose Action and Resource match, else an implicit deny; {@code *} and {@code ?} wildcards; actions are
 * case-insensitive, resources are not). What this model cannot evaluate faithfully (conditions, NotAction,
 * managed policies, SAM policy templates) it refuses to load, so a grant is never assumed.
 */
public final class IamPolicy {

    /** A resolved statement. */
    public record Statement(boolean allow, List<String> actions, List<String> resources) {

        boolean matches(String action, String resource) {
            return actions.stream()
                            .anyMatch(a -> glob(a.toLowerCase(Locale.ROOT))
                                    .matcher(action.toLowerCase(Locale.ROOT))
                                    .matches())
                    && resources.stream()
                            .anyMatch(r -> glob(r).matcher(resource).matches());
        }
    }

    /** One (action, resource) pair that a statement grants, as written (patterns). */
    public record Grant(String functionId, String action, String resource) {

        /** True when this grant covers the used (action, resource). */
        public boolean covers(String usedAction, String usedResource) {
            return new Statement(true, List.of(action), List.of(resource)).matches(usedAction, usedResource);
        }
    }

    private static final Set<String> STATEMENT_KEYS = Set.of("Sid", "Effect", "Action", "Resource");

    private final String functionId;
    private final List<Statement> statements;

    private IamPolicy(String functionId, List<Statement> statements) {
        this.functionId = functionId;
        this.statements = List.copyOf(statements);
    }

    /** Every serverless function's policy, by logical id. */
    public static Map<String, IamPolicy> of(Resolver resolver) {
        Map<String, IamPolicy> policies = new LinkedHashMap<>();
        for (String id :
                resolver.template().resourcesOfType("AWS::Serverless::Function").keySet()) {
            policies.put(id, of(resolver, id));
        }
        return policies;
    }

    public static IamPolicy of(Resolver resolver, String functionId) {
        List<Statement> statements = new ArrayList<>();
        for (Object policy : list(resolver.template().properties(functionId).get("Policies"))) {
            if (!(policy instanceof Map<?, ?> document) || !document.containsKey("Statement")) {
                throw new UnsupportedOperationException(
                        functionId + ": only inline policy documents can be checked" + " locally, not " + policy);
            }
            for (Object s : list(map(policy).get("Statement"))) {
                Map<String, Object> statement = map(s);
                for (String key : statement.keySet()) {
                    if (!STATEMENT_KEYS.contains(key)) {
                        throw new UnsupportedOperationException(
                                functionId + ": statement key " + key + " cannot be checked locally: " + statement);
                    }
                }
                String effect = resolver.string(statement.get("Effect"));
                statements.add(new Statement(
                        "Allow".equals(effect),
                        resolver.strings(statement.get("Action")),
                        resolver.strings(statement.get("Resource"))));
            }
        }
        return new IamPolicy(functionId, statements);
    }

    public String functionId() {
        return functionId;
    }

    /** Whether {@code action} (e.g. dynamodb:UpdateItem) on {@code resource} (an ARN) is allowed. */
    public boolean allows(String action, String resource) {
        boolean allowed = false;
        for (Statement statement : statements) {
            if (statement.matches(action, resource)) {
                if (!statement.allow()) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    /** Every (action, resource) pair the Allow statements grant. */
    public List<Grant> grants() {
        List<Grant> grants = new ArrayList<>();
        for (Statement statement : statements) {
            if (statement.allow()) {
                for (String action : statement.actions()) {
                    for (String resource : statement.resources()) {
                        grants.add(new Grant(functionId, action, resource));
                    }
                }
            }
        }
        return grants;
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
