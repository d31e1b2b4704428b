/**
 * What the tests share: the real implementations of the AWS APIs they talk to, the template they are checked against,
 * and the listeners that stand in for customers. Nothing here ships in function.zip.
 * <ul>
 * <li>{@link io.backupwebhooks.testing.EmulatorsBehindGate}: the Quarkus test resource of every {@code @QuarkusTest}
 * (through {@link io.backupwebhooks.testing.FunctionProfile}, one profile per function). It starts
 * {@link io.backupwebhooks.testing.Dynalite} (DynamoDB, npm) with {@link io.backupwebhooks.testing.LocalTables},
 * {@link io.backupwebhooks.testing.ElasticMq} (SQS, embedded from Maven) with the template's queues,
 * {@link io.backupwebhooks.testing.SesLocal} (SES v2, npm) and the {@link io.backupwebhooks.testing.AwsGate} in front
 * of them, and fills the test's fields marked {@link io.backupwebhooks.testing.Emulated}. The npm tools are installed
 * by {@link io.backupwebhooks.testing.NodeTool} ({@code npm ci} in src/test/node) the first time one is needed.</li>
 * <li>{@link io.backupwebhooks.testing.AwsGate}: a loopback proxy with one endpoint per function that lets a request
 * through only if that function's IAM statements in infra/template.yaml allow it, as AWS would; it records what each
 * function used (target/iam-usage, read by LeastPrivilegeIT). A test's own requests to arrange or read its data are
 * marked by {@link io.backupwebhooks.testing.GateHarnessMarker} and pass unchecked.</li>
 * <li>{@link io.backupwebhooks.testing.Template}, {@link io.backupwebhooks.testing.Resolver},
 * {@link io.backupwebhooks.testing.IamPolicy}: infra/template.yaml read as AWS would resolve it (parameters' defaults,
 * {@code Ref}, {@code GetAtt}, {@code Sub}), for the gate and the template's tests.</li>
 * <li>{@link io.backupwebhooks.testing.Listener} with {@link io.backupwebhooks.testing.ListenerExtension}: real HTTP
 * listeners on loopback that answer as a test tells them (status, delay, stall);
 * {@link io.backupwebhooks.testing.SignatureCheck} verifies what they received.</li>
 * <li>{@link io.backupwebhooks.testing.Api}, {@link io.backupwebhooks.testing.Samples},
 * {@link io.backupwebhooks.testing.LogLines}, {@link io.backupwebhooks.testing.Project}: admin API events, the
 * contract's examples, captured JSON log lines, and the project's files wherever the tests start.</li>
 * </ul>
 */
package io.backupwebhooks.testing;
