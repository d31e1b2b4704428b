package io.backupwebhooks.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * What AWS enforces, in front of the local emulators: an HTTP proxy on loopback with one endpoint per function (so it
 * knows who calls), which forwards a DynamoDB or SQS API request only when that function's IAM statements in
 * infra/template.yaml allow the action on the resource as AWS names it ({@code dynamodb:UpdateItem} on
 * {@code …:table/NAME}, {@code dynamodb:Query} on {@code …:table/NAME/index/INDEX}, {@code BatchWriteItem} on every
 * table it writes, {@code sqs:SendMessage} on the queue's ARN for a SendMessageBatch). Otherwise it answers as AWS does: HTTP 400,
 * {@code AccessDeniedException}, a message naming the action and the resource. dynalite and ElasticMQ check no
 * permissions at all, so without this a missing grant would pass every test and fail the first deploy.
 *
 * <p>
 * Every allowed (function, action, resource) is appended to {@code target/iam-usage/used.tsv}, which
 * {@code LeastPrivilegeIT} compares with the template at the end of the build. It also counts requests by operation
 * and items read (for the benchmarks). Requests marked by {@link GateHarnessMarker} (a test arranging its data) pass
 * unchecked, uncounted and unrecorded.
 */
public final class AwsGate implements AutoCloseable {

    /** Where allowed calls are recorded for the least-privilege check. */
    public static final Path USAGE = Project.path("target", "iam-usage", "used.tsv");
    /** The header {@link GateHarnessMarker} sets on a test's own requests. */
    public static final String HARNESS_HEADER = "x-iam-gate-harness";

    /** Counts since the last reset: requests by operation, and items read. */
    public record Snapshot(Map<String, Long> requests, long itemsRead) {
        public long total() {
            return requests.values().stream().mapToLong(Long::longValue).sum();
        }

        public long requests(String operation) {
            return requests.getOrDefault(operation, 0L);
        }
    }

    /** One checked call. */
    public record Call(String functionId, String action, String resource, boolean allowed) {}

    /** What a request asks for: the service, its operation, and the IAM (action, resource) pairs it needs. */
    record Need(String service, String operation, List<String[]> permissions) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> HOP_HEADERS =
            Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding", "keep-alive");

    private final Map<String, IamPolicy> policies;
    private final Map<String, URI> targets;
    private final Path usageLog;
    private final Map<String, HttpServer> servers = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newFixedThreadPool(64, r -> {
        Thread t = new Thread(r, "aws-gate");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final LongAdder itemsRead = new LongAdder();
    private final Set<String> recorded = ConcurrentHashMap.newKeySet();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    /** The Deny statements of the template's SQS queue policies, by the function whose role they name. */
    private final List<QueueDeny> queueDenies;

    /** One Deny of a queue policy: that function's role may not do the action on the queue. */
    record QueueDeny(String functionId, List<String> actions, List<String> queues) {
        boolean denies(String functionId, String action, String queue) {
            return this.functionId.equals(functionId)
                    && queues.contains(queue)
                    && actions.stream().anyMatch(a -> a.equalsIgnoreCase(action));
        }
    }

    /**
     * The resource-based half of SQS's authorization: a queue policy's explicit Deny of a principal wins over any
     * grant of its own. Principals are the functions' roles as SAM names them ({@code <FunctionId>Role}); a statement
     * the gate cannot evaluate (an Allow, a condition, another principal) stops it from starting.
     */
    static List<QueueDeny> queueDenies(Template template) {
        Resolver resolver = new Resolver(template);
        List<QueueDeny> denies = new ArrayList<>();
        template.resourcesOfType("AWS::SQS::QueuePolicy").forEach((id, resource) -> {
            Map<String, Object> properties = template.properties(id);
            List<String> queues = new ArrayList<>();
            for (Object queue : Template.list(properties.get("Queues"))) {
                queues.add(Resolver.queueArn(
                        resolver.string(queue).substring(resolver.string(queue).lastIndexOf('/') + 1)));
            }
            for (Object each : Template.list(Template.at(properties, "PolicyDocument", "Statement"))) {
                Map<String, Object> statement = Template.map(each);
                if (!"Deny".equals(statement.get("Effect")) || statement.containsKey("Condition")) {
                    throw new IllegalStateException("the gate evaluates only unconditional Deny statements of a queue "
                            + "policy: " + id + " " + statement);
                }
                List<String> actions = Template.list(statement.get("Action")).stream()
                        .map(String::valueOf)
                        .toList();
                for (Object principal : Template.list(Template.at(statement, "Principal", "AWS"))) {
                    String role = principal instanceof Template.Intrinsic i ? i.getAtt("Arn") : null;
                    if (role == null || !role.endsWith("Role")) {
                        throw new IllegalStateException("a queue policy principal the gate cannot name: " + principal);
                    }
                    denies.add(new QueueDeny(role.substring(0, role.length() - "Role".length()), actions, queues));
                }
            }
        });
        return List.copyOf(denies);
    }

    /**
     * @param template the template whose statements decide
     * @param targets the emulators by service: "dynamodb" and/or "sqs" to their endpoints
     * @param usageLog where allowed calls are appended (null: nowhere)
     */
    public AwsGate(Template template, Map<String, String> targets, Path usageLog) {
        this.policies = IamPolicy.of(new Resolver(template));
        this.queueDenies = queueDenies(template);
        Map<String, URI> uris = new LinkedHashMap<>();
        targets.forEach((service, endpoint) -> uris.put(service, URI.create(endpoint)));
        this.targets = Map.copyOf(uris);
        this.usageLog = usageLog;
    }

    /** The pseudo function of an endpoint that forwards and counts without a check (a benchmark's own baseline). */
    public static final String UNCHECKED = "(unchecked)";

    /** A gate over the project's template in front of dynalite, recording to {@link #USAGE}. */
    public static AwsGate dynamo(String dynaliteEndpoint) {
        return new AwsGate(Template.load(), Map.of("dynamodb", dynaliteEndpoint), USAGE);
    }

    /** The same for a benchmark: nothing recorded, as a benchmark is no test of the grants. */
    public static AwsGate unrecorded(String dynaliteEndpoint) {
        return new AwsGate(Template.load(), Map.of("dynamodb", dynaliteEndpoint), null);
    }

    /** The endpoint that function (logical id, e.g. DeliveryFunction) must use for every AWS API it calls. */
    public String endpoint(String functionId) {
        if (!policies.containsKey(functionId) && !functionId.equals(UNCHECKED)) {
            throw new IllegalArgumentException("no function " + functionId + " in the template");
        }
        HttpServer server = servers.computeIfAbsent(functionId, this::listen);
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The logical id of a function by its export name: delivery -> DeliveryFunction, missed-scan -> MissedScanFunction. */
    public static String functionId(String export) {
        StringBuilder id = new StringBuilder();
        for (String part : export.split("-")) {
            id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return id.append("Function").toString();
    }

    /** Every call checked so far, allowed or not. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> denied() {
        return calls.stream().filter(c -> !c.allowed()).toList();
    }

    public Snapshot snapshot() {
        Map<String, Long> byOperation = new TreeMap<>();
        requests.forEach((operation, count) -> byOperation.put(operation, count.sum()));
        return new Snapshot(byOperation, itemsRead.sum());
    }

    /** The counts so far, then zero. Call it while no requests are in flight. */
    public Snapshot reset() {
        Snapshot snapshot = snapshot();
        requests.values().forEach(LongAdder::reset);
        itemsRead.reset();
        return snapshot;
    }

    @Override
    public void close() {
        servers.values().forEach(s -> s.stop(0));
        workers.shutdownNow();
    }

    private HttpServer listen(String functionId) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
            server.createContext("/", exchange -> serve(functionId, exchange));
            server.setExecutor(workers);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SES's sending rate as the gate models it (0: unlimited); sends above it are refused as SES refuses them. */
    private volatile double sesSendsPerSecond;

    private final java.util.concurrent.atomic.AtomicInteger sesRefuseNext =
            new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.ArrayDeque<Long> sesSends = new java.util.ArrayDeque<>();
    private final LongAdder sesThrottled = new LongAdder();

    /**
     * Models SES's maximum sending rate: a SendEmail beyond {@code perSecond} in the last second is answered 429
     * {@code TooManyRequestsException} ("Maximum sending rate exceeded"), as SES does; 0 lifts the limit.
     */
    public void sesRate(double perSecond) {
        sesSendsPerSecond = perSecond;
    }

    /** The next {@code count} SendEmail requests are refused as throttled, whatever the rate. */
    public void sesRefuseNext(int count) {
        sesRefuseNext.set(count);
    }

    private final java.util.Set<String> sesRejected = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** SendEmail to {@code address} is refused with SES's MessageRejected (400) until {@link #sesAccept}. */
    public void sesReject(String address) {
        sesRejected.add(address);
    }

    public void sesAccept(String address) {
        sesRejected.remove(address);
    }

    /** How many SendEmail requests the gate refused as throttled so far. */
    public long sesThrottled() {
        return sesThrottled.sum();
    }

    private boolean sesThrottles() {
        if (sesRefuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return true;
        }
        double rate = sesSendsPerSecond;
        if (rate <= 0) {
            return false;
        }
        synchronized (sesSends) {
            long now = System.nanoTime();
            while (!sesSends.isEmpty() && now - sesSends.peekFirst() >= 1_000_000_000L) {
                sesSends.pollFirst();
            }
            if (sesSends.size() >= rate) {
                return true;
            }
            sesSends.addLast(now);
            return false;
        }
    }

    private static void throttle(HttpExchange exchange) throws IOException {
        sesError(exchange, 429, "TooManyRequestsException", "Maximum sending rate exceeded.");
    }

    /** An SES v2 (REST JSON) error: its type in a header, the message in the body. */
    private static void sesError(HttpExchange exchange, int status, String type, String message) throws IOException {
        byte[] out = JSON.createObjectNode().put("message", message).toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        exchange.getResponseHeaders()
                .set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    private void serve(String functionId, HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            boolean harness = exchange.getRequestHeaders().containsKey(HARNESS_HEADER);
            Need need;
            try {
                need = need(exchange, body);
            } catch (IllegalArgumentException unknown) {
                System.err.println("[aws-gate] " + unknown.getMessage());
                byte[] out = unknown.getMessage().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(400, out.length);
                exchange.getResponseBody().write(out);
                return;
            }
            if (!harness) {
                for (String[] permission : functionId.equals(UNCHECKED) ? List.<String[]>of() : need.permissions()) {
                    String[] alternatives = permission[1].split(java.util.regex.Pattern.quote(ALTERNATIVE));
                    String resource = alternatives[alternatives.length - 1];
                    boolean allowed = false;
                    for (String alternative : alternatives) {
                        if (policies.get(functionId).allows(permission[0], alternative)) {
                            resource = alternative;
                            allowed = true;
                            break;
                        }
                    }
                    String denied = resource;
                    if (allowed && queueDenies.stream().anyMatch(d -> d.denies(functionId, permission[0], denied))) {
                        allowed = false; // the queue's own policy denies this function's role
                    }
                    calls.add(new Call(functionId, permission[0], resource, allowed));
                    if (!allowed) {
                        System.err.printf("[aws-gate] DENIED %s: %s on %s%n", functionId, permission[0], resource);
                        deny(exchange, need, functionId, permission[0], resource);
                        return;
                    }
                    record(functionId, permission[0], resource);
                }
                requests.computeIfAbsent(need.operation(), o -> new LongAdder()).increment();
            }
            if (!harness
                    && need.operation().equals("SendEmail")
                    && sesRejected.stream()
                            .anyMatch(a -> new String(body, StandardCharsets.UTF_8).contains("\"" + a + "\""))) {
                sesError(exchange, 400, "MessageRejected", "Email address is not verified.");
                return;
            }
            if (!harness && need.operation().equals("SendEmail") && sesThrottles()) {
                sesThrottled.increment();
                throttle(exchange);
                return;
            }
            URI target = targets.get(need.service());
            if (target == null) {
                throw new IllegalStateException("no emulator for " + need.service() + " behind the gate");
            }
            forward(exchange, body, target, need, harness);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The service, operation and IAM permissions a request needs, from its protocol. */
    static Need need(HttpExchange exchange, byte[] body) throws IOException {
        String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (amzTarget != null && amzTarget.startsWith("DynamoDB_")) {
            String operation = amzTarget.substring(amzTarget.indexOf('.') + 1);
            return new Need("dynamodb", operation, dynamoPermissions(operation, JSON.readTree(body)));
        }
        if (amzTarget != null && amzTarget.startsWith("AmazonSQS.")) {
            String operation = amzTarget.substring(amzTarget.indexOf('.') + 1);
            JsonNode request = JSON.readTree(body);
            return new Need("sqs", operation, List.<String[]>of(new String[] {
                sqsAction(operation),
                queueResource(
                        request.path("QueueUrl").asText(null),
                        request.path("QueueName").asText(null))
            }));
        }
        if (contentType.startsWith("application/x-www-form-urlencoded")) {
            Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
            String operation = form.getOrDefault("Action", "(none)");
            return new Need("sqs", operation, List.<String[]>of(new String[] {
                sqsAction(operation), queueResource(form.get("QueueUrl"), form.get("QueueName"))
            }));
        }
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith("/v2/email/")) {
            return sesNeed(exchange.getRequestMethod(), path, body);
        }
        throw new IllegalArgumentException("the gate does not know this API request: " + exchange.getRequestMethod()
                + " " + exchange.getRequestURI() + " (X-Amz-Target " + amzTarget + ")");
    }

    /**
     * SES v2 (REST JSON). SendEmail needs {@code ses:SendEmail} on the sending identity, the From address's own
     * identity or else its domain's (SES uses the address's when both exist; a grant on either is accepted here, the
     * first that is allowed is recorded), and on the configuration set when one is named. A new account's SES is in
     * the sandbox, where SendEmail is also authorized against each recipient's identity (its address's, or its
     * domain's): the gate models the sandbox, the stricter of the two, so a grant that works there works in production.
     */
    static Need sesNeed(String method, String path, byte[] body) throws IOException {
        if (method.equals("POST") && path.equals("/v2/email/outbound-emails")) {
            JsonNode request = JSON.readTree(body);
            List<String[]> needs = new ArrayList<>();
            String identity;
            if (request.hasNonNull("FromEmailAddressIdentityArn")) {
                identity = request.get("FromEmailAddressIdentityArn").asText();
            } else {
                String from = request.path("FromEmailAddress").asText("");
                if (from.contains("<")) {
                    from = from.substring(from.indexOf('<') + 1, from.indexOf('>', from.indexOf('<')));
                }
                identity = Resolver.sesIdentityArn(from)
                        + ALTERNATIVE
                        + Resolver.sesIdentityArn(from.substring(from.lastIndexOf('@') + 1));
            }
            needs.add(new String[] {"ses:SendEmail", identity});
            for (String field : List.of("ToAddresses", "CcAddresses", "BccAddresses")) {
                for (JsonNode to : request.path("Destination").path(field)) {
                    String address = to.asText();
                    needs.add(new String[] {
                        "ses:SendEmail",
                        Resolver.sesIdentityArn(address)
                                + ALTERNATIVE
                                + Resolver.sesIdentityArn(address.substring(address.lastIndexOf('@') + 1))
                    });
                }
            }
            if (request.hasNonNull("ConfigurationSetName")) {
                needs.add(new String[] {
                    "ses:SendEmail",
                    Resolver.sesConfigurationSetArn(
                            request.get("ConfigurationSetName").asText())
                });
            }
            return new Need("ses", "SendEmail", needs);
        }
        throw new IllegalArgumentException("the gate does not know this SES request: " + method + " " + path);
    }

    /** Separates resources of which one grant is enough (an SES address identity, or its domain's). */
    static final String ALTERNATIVE = "|";

    /**
     * The IAM action of an SQS operation. SQS has no actions of its own for its batch operations: SendMessageBatch
     * is authorized as sqs:SendMessage, DeleteMessageBatch as sqs:DeleteMessage, ChangeMessageVisibilityBatch as
     * sqs:ChangeMessageVisibility.
     */
    static String sqsAction(String operation) {
        return "sqs:"
                + (operation.endsWith("Batch")
                        ? operation.substring(0, operation.length() - "Batch".length())
                        : operation);
    }

    private static List<String[]> dynamoPermissions(String operation, JsonNode request) {
        String action = "dynamodb:" + operation;
        List<String[]> needs = new ArrayList<>();
        switch (operation) {
            case "BatchWriteItem", "BatchGetItem" ->
                request.path("RequestItems")
                        .fieldNames()
                        .forEachRemaining(t -> needs.add(new String[] {action, table(t)}));
            case "TransactWriteItems", "TransactGetItems" ->
                request.path("TransactItems")
                        .forEach(item -> item.fields()
                                .forEachRemaining(e -> needs.add(new String[] {
                                    "dynamodb:"
                                            + switch (e.getKey()) {
                                                case "Put" -> "PutItem";
                                                case "Update" -> "UpdateItem";
                                                case "Delete" -> "DeleteItem";
                                                case "Get" -> "GetItem";
                                                default -> "ConditionCheckItem";
                                            },
                                    table(e.getValue().path("TableName").asText())
                                })));
            case "ListTables" -> needs.add(new String[] {action, "*"});
            default -> {
                String resource = table(request.path("TableName").asText());
                if (request.hasNonNull("IndexName")) {
                    resource += "/index/" + request.get("IndexName").asText();
                }
                needs.add(new String[] {action, resource});
            }
        }
        return needs;
    }

    private static String table(String name) {
        return name.startsWith("arn:") ? name : Resolver.tableArn(name);
    }

    private static String queueResource(String url, String name) {
        if (url != null) {
            return Resolver.queueArn(url.substring(url.lastIndexOf('/') + 1));
        }
        return name != null ? Resolver.queueArn(name) : "*";
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private void record(String functionId, String action, String resource) {
        String line = functionId + "\t" + action + "\t" + resource;
        if (usageLog == null || !recorded.add(line)) {
            return;
        }
        try {
            Files.createDirectories(usageLog.getParent());
            synchronized (AwsGate.class) {
                Files.writeString(usageLog, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** AWS's answer to a request its caller's role may not make (JSON 1.0 protocols: DynamoDB, SQS). */
    private static void deny(HttpExchange exchange, Need need, String functionId, String action, String resource)
            throws IOException {
        String message = "User: arn:aws:sts::" + Resolver.ACCOUNT + ":assumed-role/backup-webhooks-" + functionId
                + "Role/backup-webhooks-" + functionId + " is not authorized to perform: " + action + " on resource: "
                + resource + " because no identity-based policy allows the " + action + " action";
        String messageField = need.service().equals("dynamodb") ? "Message" : "message";
        byte[] out = JSON.createObjectNode()
                .put("__type", "com.amazon.coral.service#AccessDeniedException")
                .put(messageField, message)
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders()
                .set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        if (need.service().equals("sqs")) {
            exchange.getResponseHeaders().set("x-amzn-query-error", "AccessDenied;Sender");
        }
        if (need.service().equals("ses")) { // REST JSON: the error type in a header, HTTP 403
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("x-amzn-ErrorType", "AccessDeniedException");
            out = JSON.createObjectNode().put("message", message).toString().getBytes(StandardCharsets.UTF_8);
        }
        exchange.sendResponseHeaders(need.service().equals("ses") ? 403 : 400, out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    private void forward(HttpExchange exchange, byte[] body, URI target, Need need, boolean harness)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_HEADERS.contains(lower) && !lower.equals(HARNESS_HEADER)) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 200 && !harness && need.service().equals("dynamodb")) {
            itemsRead.add(itemsRead(need.operation(), response.body()));
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        byte[] out = response.body();
        exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
    }

    private static long itemsRead(String operation, byte[] body) throws IOException {
        switch (operation) {
            case "Query", "Scan" -> {
                return JSON.readTree(body).path("Count").asLong();
            }
            case "GetItem" -> {
                JsonNode item = JSON.readTree(body).get("Item");
                return item != null && !item.isEmpty() ? 1 : 0;
            }
            case "BatchGetItem" -> {
                long items = 0;
                for (JsonNode table : JSON.readTree(body).path("Responses")) {
                    items += table.size();
                }
                return items;
            }
            default -> {
                return 0;
            }
        }
    }
}
