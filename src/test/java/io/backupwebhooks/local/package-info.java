/**
 * The service on loopback, as Lambda would run it: {@link io.backupwebhooks.local.LocalRun} ({@code ./mvnw -Plocal})
 * starts the emulators, the AWS gate and each function as its own process of target/function.zip under AWS's runtime
 * interface client ({@link io.backupwebhooks.local.LocalFunction} in a {@link io.backupwebhooks.local.Sandbox}: the
 * template's environment, memory size and timeout), with a Lambda Runtime API per function
 * ({@link io.backupwebhooks.local.RuntimeApi}), SQS pollers and timers for the event sources, and
 * {@link io.backupwebhooks.local.FrontDoor}, a stand-in for API Gateway that adds the JWT claims.
 * {@link io.backupwebhooks.local.PackagedFunctionsIT} runs the same parts in the integration tests; the benchmarks
 * use them too.
 */
package io.backupwebhooks.local;
