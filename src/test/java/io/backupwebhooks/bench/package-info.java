/**
 * The benchmarks: harnesses that print numbers, never timed tests. {@code ./mvnw -Pbench -Dbench=NAME} runs
 * {@link io.backupwebhooks.bench.Bench}, which picks the harness by name, loads its data ({@code Bench.load}) and runs
 * the packaged functions as {@code io.backupwebhooks.local} does; each prints what it measured and writes a log under
 * target/bench. The README lists them with their latest figures.
 */
package io.backupwebhooks.bench;
