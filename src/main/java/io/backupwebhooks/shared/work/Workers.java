package io.backupwebhooks.shared.work;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import org.jboss.logging.Logger;

import io.backupwebhooks.shared.observability.LogContext;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The one fan-out of the scheduled runs (the scan, the report run): work handed to the default worker pool, each task
 * carrying the caller's log context (request id, cold start), so that every line a worker writes names its invocation.
 */
public final class Workers {

    private static final Logger LOG = Logger.getLogger(Workers.class);

    private Workers() {}

    /**
     * Runs {@code work} once for every shard in [0, {@code shards}), on {@code concurrency} workers that take the next
     * shard as they finish one, and waits for all of them. A worker that throws stops taking shards (the others take
     * the rest); it is logged with {@code onFailure} and counted.
     *
     * @return how many workers failed
     */
    public static int overShards(int shards, int concurrency, IntConsumer work, String onFailure) {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < Math.max(1, Math.min(concurrency, shards)); w++) {
            workers.add(submit(() -> {
                for (int shard = next.getAndIncrement(); shard < shards; shard = next.getAndIncrement()) {
                    work.accept(shard);
                }
            }));
        }
        return await(workers, onFailure);
    }

    /** {@code task} on the default worker pool, with the caller's log context. */
    public static Future<?> submit(Runnable task) {
        return Infrastructure.getDefaultWorkerPool().submit(LogContext.propagating(task));
    }

    /**
     * Waits for every one of {@code tasks}; a task that threw is logged with {@code onFailure} and counted.
     *
     * @return how many tasks failed
     */
    public static int await(List<Future<?>> tasks, String onFailure) {
        int failed = 0;
        for (Future<?> task : tasks) {
            try {
                task.get();
            } catch (ExecutionException e) {
                LOG.error(onFailure, e.getCause());
                failed++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for workers", e);
            }
        }
        return failed;
    }
}
