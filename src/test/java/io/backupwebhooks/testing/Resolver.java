package io.backupwebhooks.testing;

import static io.backupwebhooks.testing.Template.list;
import static io.backupwebhooks.testing.Template.map;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.backupwebhooks.testing.Template.Intrinsic;

/**
 * Evaluates the template's values as CloudFormation would for a local stack: {@code Ref} (parameters' defaults or
 * given values, pseudo parameters, tables' and queues' local names), {@code Fn::GetAtt …Arn}/{@code QueueName},
 * {@code Fn::Sub}, {@code Fn::Join}, {@code Fn::If} with the template's conditions. Physical names are the local
 * ones the tests and the local run create ({@link #TABLES}, {@link #QUEUES}); anything else fails loudly rather
 * than resolving to a guess.
 */
public final class Resolver {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "000000000000";

    /** The template's tables by logical id, and the names they have locally. */
    public static final Map<String, String> TABLES = Map.of(
            "SubscriptionsTable", "subscriptions",
            "DeliveriesTable", "deliveries",
            "StartsTable", "starts",
            "PoliciesTable", "policies",
            "ServerPoliciesTable", "server-policies",
            "OutcomesTable", "outcomes",
            "ReportSettingsTable", "report-settings",
            "EmailTokensTable", "email-tokens");

    /** The template's queues by logical id, and the names they have locally. */
    public static final Map<String, String> QUEUES = Map.of(
            "EventsQueue", "backup-events",
            "EventsDeadLetterQueue", "backup-events-dlq",
            "MissingAlertsQueue", "backup-missing-alerts",
            "MissingAlertsDeadLetterQueue", "backup-missing-alerts-dlq",
            "PolicyQueue", "backup-policies",
            "PolicyDeadLetterQueue", "backup-policies-dlq",
            "ResendQueue", "backup-resends",
            "ResendDeadLetterQueue", "backup-resends-dlq");

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Template template;
    private final Map<String, String> given;

    /**
     * @param given values that replace a {@code Ref}'s default: parameters by name, or a resource's Ref (e.g. a
     *        queue's URL where a real local queue exists)
     */
    public Resolver(Template template, Map<String, String> given) {
        this.template = template;
        this.given = Map.copyOf(given);
    }

    public Resolver(Template template) {
        this(template, Map.of());
    }

    public Template template() {
        return template;
    }

    public static String tableArn(String name) {
        return "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + name;
    }

    /** The ARN of an SES identity (a domain or an address). */
    public static String sesIdentityArn(String identity) {
        return "arn:aws:ses:" + REGION + ":" + ACCOUNT + ":identity/" + identity;
    }

    public static String sesConfigurationSetArn(String name) {
        return "arn:aws:ses:" + REGION + ":" + ACCOUNT + ":configuration-set/" + name;
    }

    public static String queueArn(String name) {
        return "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + name;
    }

    /** A value as a string (a scalar, or an intrinsic that yields one). */
    public String string(Object value) {
        Object resolved = resolve(value);
        if (resolved instanceof List<?> || resolved instanceof Map<?, ?>) {
            throw new IllegalArgumentException("not a single value: " + value);
        }
        return String.valueOf(resolved);
    }

    /** A value, or each element of a list, as strings (IAM's Action and Resource). */
    public List<String> strings(Object value) {
        Object resolved = resolve(value);
        List<String> out = new ArrayList<>();
        for (Object item : list(resolved)) {
            out.add(string(item));
        }
        return out;
    }

    /** A serverless function's environment variables as the function would see them. */
    public Map<String, String> environment(String functionId) {
        Map<String, String> env = new LinkedHashMap<>();
        template.environment(functionId).forEach((name, value) -> env.put(name, string(value)));
        return env;
    }

    /** A number property of a serverless function (its own, else from Globals), e.g. Timeout or MemorySize. */
    public int functionNumber(String functionId, String property) {
        Object value = template.functionProperty(functionId, property);
        if (value == null) {
            throw new IllegalArgumentException(functionId + " has no " + property);
        }
        return Integer.parseInt(string(value));
    }

    public Object resolve(Object value) {
        if (value instanceof Intrinsic i) {
            return switch (i.function()) {
                case "Ref" -> ref((String) i.value());
                case "GetAtt" ->
                    getAtt((String) list(i.value()).get(0), (String)
                            list(i.value()).get(1));
                case "Sub" -> sub(i);
                case "Join" -> join(list(i.value()));
                case "If" -> ifValue(list(i.value()));
                default -> throw new UnsupportedOperationException("cannot resolve " + i);
            };
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(item -> {
                Object r = resolve(item);
                if (!"AWS::NoValue".equals(r)) {
                    out.add(r);
                }
            });
            return out;
        }
        return value;
    }

    private Object ref(String name) {
        if (given.containsKey(name)) {
            return given.get(name);
        }
        switch (name) {
            case "AWS::Region":
                return REGION;
            case "AWS::AccountId":
                return ACCOUNT;
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::StackName":
                return "backup-webhooks";
            case "AWS::NoValue":
                return "AWS::NoValue";
            default:
                break;
        }
        if (template.section("Parameters").containsKey(name)) {
            Object value = template.parameter(name).get("Default");
            if (value == null) {
                throw new IllegalArgumentException("parameter " + name + " has no default and no value was given");
            }
            return value instanceof List<?> ? value : String.valueOf(value);
        }
        if (TABLES.containsKey(name)) {
            return TABLES.get(name);
        }
        if (QUEUES.containsKey(name)) {
            return "http://sqs." + REGION + ".localhost/" + ACCOUNT + "/" + QUEUES.get(name);
        }
        throw new UnsupportedOperationException("no local value for Ref " + name);
    }

    private String getAtt(String logicalId, String attribute) {
        if (TABLES.containsKey(logicalId) && attribute.equals("Arn")) {
            return tableArn(TABLES.get(logicalId));
        }
        if (QUEUES.containsKey(logicalId)) {
            switch (attribute) {
                case "Arn":
                    return queueArn(QUEUES.get(logicalId));
                case "QueueName":
                    return QUEUES.get(logicalId);
                default:
                    break;
            }
        }
        throw new UnsupportedOperationException("no local value for GetAtt " + logicalId + "." + attribute);
    }

    private String sub(Intrinsic sub) {
        Map<String, Object> variables = new HashMap<>();
        if (sub.value() instanceof List<?> args && args.size() > 1) {
            variables.putAll(map(args.get(1)));
        }
        Matcher m = SUB_VARIABLE.matcher(sub.sub());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value;
            if (variables.containsKey(name)) {
                value = string(variables.get(name));
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                value = getAtt(name.substring(0, name.indexOf('.')), name.substring(name.indexOf('.') + 1));
            } else {
                value = String.valueOf(ref(name));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString().replace("${!", "${");
    }

    private String join(List<Object> args) {
        List<String> parts = strings(args.get(1));
        return String.join(string(args.get(0)), parts);
    }

    private Object ifValue(List<Object> args) {
        return resolve(condition((String) args.get(0)) ? args.get(1) : args.get(2));
    }

    /** A named condition of the template, evaluated. */
    public boolean condition(String name) {
        Object definition = template.section("Conditions").get(name);
        if (definition == null) {
            throw new IllegalArgumentException("no condition " + name);
        }
        return truth(definition);
    }

    private boolean truth(Object expression) {
        if (!(expression instanceof Intrinsic i)) {
            throw new UnsupportedOperationException("not a condition: " + expression);
        }
        List<Object> args = list(i.value());
        return switch (i.function()) {
            case "Equals" -> string(args.get(0)).equals(string(args.get(1)));
            case "Not" -> !truth(args.get(0));
            case "And" -> args.stream().allMatch(this::truth);
            case "Or" -> args.stream().anyMatch(this::truth);
            case "Condition" -> condition((String) i.value());
            default -> throw new UnsupportedOperationException("cannot evaluate " + i);
        };
    }
}
