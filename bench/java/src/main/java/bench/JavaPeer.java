package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.Cache;
import org.apache.ignite.Ignition;
import org.apache.ignite.cache.query.FieldsQueryCursor;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.cache.query.SqlFieldsQuery;
import org.apache.ignite.client.ClientCache;
import org.apache.ignite.client.IgniteClient;
import org.apache.ignite.configuration.ClientConfiguration;

/**
 * Peer: the Apache Ignite Java thin client (ignite-core 2.17.0), sync API or async API.
 *
 * <pre>java bench.JavaPeer sync|async --workload W --port P --concurrency C --warmup-ms M --runs R --run-ms D --max-ms X</pre>
 *
 * Against several nodes (bench/cluster-run.mjs): {@code --addresses 127.0.0.1:P1,127.0.0.1:P2,...}
 * instead of {@code --port}, and {@code --partition-aware true|false}
 * ({@code ClientConfiguration.setPartitionAwarenessEnabled}; without it, the client's default).
 *
 * Prints ONE JSON line on stdout, the same shape as bench/peers/harness.mjs, with the same loop:
 * callers each waiting for their own operation, keys (i * 7919) % 100000, batches of 100
 * consecutive keys, page size 1024. Sync callers are threads; async callers are chains of
 * futures (each caller starts its next operation when its previous one completes).
 */
public final class JavaPeer {
    static final String VALUE = "abcdefghij".repeat(10);
    static final int KEY_SPACE = 100_000;
    static final int BATCH = 100;
    static final int PAGE_SIZE = 1024;
    static final String SQL = "SELECT id, a, b, c FROM bench_sql";
    /** As every peer sends it (bench/peers/harness.mjs); also the Java default. */
    static final boolean SQL_LAZY = true;

    static long keyOf(long i) {
        return (i * 7919) % KEY_SPACE;
    }

    static long batchStart(long i) {
        return (i * BATCH) % KEY_SPACE;
    }

    static Set<Long> keysOf(long i) {
        long start = batchStart(i);
        Set<Long> keys = new HashSet<>(BATCH * 2);
        for (int j = 0; j < BATCH; j++) keys.add(start + j);
        return keys;
    }

    static Map<Long, String> entriesOf(long i) {
        long start = batchStart(i);
        Map<Long, String> entries = new TreeMap<>();
        for (int j = 0; j < BATCH; j++) entries.put(start + j, VALUE);
        return entries;
    }

    interface SyncOp {
        void run(long i) throws Exception;
    }

    interface AsyncOp {
        CompletionStage<?> start(long i);
    }

    /** A growable array of latencies in nanoseconds, owned by one caller. */
    static final class Lat {
        long[] values = new long[1 << 14];
        int size;

        void add(long v) {
            if (size == values.length) values = Arrays.copyOf(values, size * 2);
            values[size++] = v;
        }
    }

    static final class Run {
        long ops;
        long rows = -1;
        double seconds;
        double p50Ms;
        double p99Ms;

        String json() {
            StringBuilder sb = new StringBuilder("{\"ops\":").append(ops).append(",\"seconds\":").append(seconds)
                .append(",\"opsPerSec\":").append(ops / seconds).append(",\"p50Ms\":").append(p50Ms)
                .append(",\"p99Ms\":").append(p99Ms);
            if (rows >= 0) sb.append(",\"rows\":").append(rows);
            return sb.append('}').toString();
        }
    }

    static long percentile(long[] sorted, int n, double p) {
        int idx = (int) Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1));
        return sorted[idx];
    }

    static Run summarize(Lat[] lats, long ops, long elapsedNs) {
        int n = 0;
        for (Lat l : lats) n += l.size;
        long[] all = new long[n];
        int pos = 0;
        for (Lat l : lats) {
            System.arraycopy(l.values, 0, all, pos, l.size);
            pos += l.size;
        }
        Arrays.sort(all);
        Run r = new Run();
        r.ops = ops;
        r.seconds = elapsedNs / 1e9;
        r.p50Ms = n == 0 ? Double.NaN : percentile(all, n, 0.5) / 1e6;
        r.p99Ms = n == 0 ? Double.NaN : percentile(all, n, 0.99) / 1e6;
        return r;
    }

    /** C threads, each running its operations one after the other for {@code ms}. */
    static Run timedSync(SyncOp op, int conc, long ms, boolean record) throws Exception {
        Lat[] lats = new Lat[conc];
        AtomicLong ops = new AtomicLong();
        AtomicReference<Throwable> error = new AtomicReference<>();
        CyclicBarrier barrier = new CyclicBarrier(conc + 1);
        long[] window = new long[2];
        Thread[] threads = new Thread[conc];
        for (int w = 0; w < conc; w++) {
            final int caller = w;
            final Lat lat = lats[w] = new Lat();
            threads[w] = new Thread(() -> {
                try {
                    barrier.await();
                    long end = window[1];
                    long count = 0;
                    for (long i = caller; ; i += conc) {
                        long t0 = System.nanoTime();
                        if (t0 >= end) break;
                        op.run(i);
                        if (record) lat.add(System.nanoTime() - t0);
                        count++;
                    }
                    ops.addAndGet(count);
                } catch (Throwable t) {
                    error.compareAndSet(null, t);
                }
            }, "caller-" + w);
            threads[w].start();
        }
        window[0] = System.nanoTime();
        window[1] = window[0] + ms * 1_000_000L;
        barrier.await();
        for (Thread t : threads) t.join();
        long elapsed = System.nanoTime() - window[0];
        if (error.get() != null) throw new RuntimeException(error.get());
        return summarize(lats, ops.get(), elapsed);
    }

    /** C chains of futures: each caller starts its next operation when the previous one completes. */
    static Run timedAsync(AsyncOp op, int conc, long ms, boolean record) throws Exception {
        Lat[] lats = new Lat[conc];
        AtomicLong ops = new AtomicLong();
        AtomicReference<Throwable> error = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(conc);
        long start = System.nanoTime();
        long end = start + ms * 1_000_000L;
        for (int w = 0; w < conc; w++) {
            lats[w] = new Lat();
            step(op, w, conc, end, lats[w], record, ops, error, done);
        }
        done.await();
        long elapsed = System.nanoTime() - start;
        if (error.get() != null) throw new RuntimeException(error.get());
        return summarize(lats, ops.get(), elapsed);
    }

    static void step(AsyncOp op, long i, int conc, long end, Lat lat, boolean record, AtomicLong ops,
                     AtomicReference<Throwable> error, CountDownLatch done) {
        long t0 = System.nanoTime();
        if (t0 >= end || error.get() != null) {
            done.countDown();
            return;
        }
        CompletionStage<?> stage;
        try {
            stage = op.start(i);
        } catch (Throwable t) {
            error.compareAndSet(null, t);
            done.countDown();
            return;
        }
        stage.whenComplete((res, err) -> {
            if (err != null) {
                error.compareAndSet(null, err);
                done.countDown();
                return;
            }
            if (record) lat.add(System.nanoTime() - t0);
            ops.incrementAndGet();
            step(op, i + conc, conc, end, lat, record, ops, error, done);
        });
    }

    interface Query {
        long rows() throws Exception;
    }

    static Run timedQuery(Query q) throws Exception {
        long t0 = System.nanoTime();
        long rows = q.rows();
        long ns = System.nanoTime() - t0;
        if (rows != KEY_SPACE) throw new IllegalStateException("query returned " + rows + " rows, expected " + KEY_SPACE);
        Run r = new Run();
        r.ops = rows;
        r.rows = rows;
        r.seconds = ns / 1e9;
        r.p50Ms = ns / 1e6;
        r.p99Ms = ns / 1e6;
        return r;
    }

    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException ignored) {
            // no /proc
        }
        return -1;
    }

    static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }

    public static void main(String[] args) {
        String mode = args[0];
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        String workload = opts.getOrDefault("workload", "get1");
        int port = Integer.parseInt(opts.getOrDefault("port", "10850"));
        String[] addresses = opts.containsKey("addresses") ? opts.get("addresses").split(",") : new String[] {"127.0.0.1:" + port};
        ClientConfiguration cfg = new ClientConfiguration().setAddresses(addresses);
        if (opts.containsKey("partition-aware")) cfg.setPartitionAwarenessEnabled(Boolean.parseBoolean(opts.get("partition-aware")));
        int conc = Integer.parseInt(opts.getOrDefault("concurrency", "1"));
        long warmupMs = (long) Double.parseDouble(opts.getOrDefault("warmup-ms", "2000"));
        int runsWanted = Integer.parseInt(opts.getOrDefault("runs", "5"));
        long runMs = (long) Double.parseDouble(opts.getOrDefault("run-ms", "1500"));
        long maxMs = (long) Double.parseDouble(opts.getOrDefault("max-ms", "20000"));

        String version = org.apache.ignite.internal.IgniteVersionUtils.VER_STR;
        String info = "{\"name\":" + str("java (" + mode + ")") + ",\"version\":" + str(version)
            + ",\"runtime\":" + str("java " + System.getProperty("java.version"))
            + (opts.containsKey("addresses") ? ",\"partitionAware\":" + cfg.isPartitionAwarenessEnabled() + ",\"addresses\":" + addresses.length : "")
            + "}";
        StringBuilder out = new StringBuilder();
        List<Run> runs = new ArrayList<>();
        try (IgniteClient client = Ignition.startClient(cfg)) {
            ClientCache<Long, String> cache = client.cache("bench");
            String probe = cache.get(keyOf(1));
            if (!VALUE.equals(probe)) throw new IllegalStateException("get(" + keyOf(1) + ") returned " + probe + ", expected the 100-character value");

            if (workload.equals("scan") || workload.equals("sql")) {
                if (!mode.equals("sync")) throw new UnsupportedOperationException("the Java thin client has no async query API");
                Query q = workload.equals("scan")
                    ? () -> {
                        long rows = 0;
                        try (QueryCursor<Cache.Entry<Long, String>> cur = cache.query(new ScanQuery<Long, String>().setPageSize(PAGE_SIZE))) {
                            for (Cache.Entry<Long, String> e : cur) if (e != null) rows++;
                        }
                        return rows;
                    }
                    : () -> {
                        long rows = 0;
                        try (FieldsQueryCursor<List<?>> cur = client.query(new SqlFieldsQuery(SQL).setPageSize(PAGE_SIZE).setLazy(SQL_LAZY))) {
                            for (List<?> row : cur) if (row != null) rows++;
                        }
                        return rows;
                    };
                long warmEnd = System.nanoTime() + warmupMs * 1_000_000L;
                do timedQuery(q); while (System.nanoTime() < warmEnd);
                long end = System.nanoTime() + maxMs * 1_000_000L;
                for (int r = 0; r < runsWanted; r++) {
                    runs.add(timedQuery(q));
                    if (System.nanoTime() > end && r >= 2) break;
                }
            } else {
                String base = workload.replaceAll("\\d+$", "");
                if (mode.equals("sync")) {
                    SyncOp op;
                    switch (base) {
                        case "get": op = i -> cache.get(keyOf(i)); break;
                        case "put": op = i -> cache.put(keyOf(i), VALUE); break;
                        case "getAll": op = i -> {
                            int n = cache.getAll(keysOf(i)).size();
                            if (n != BATCH) throw new IllegalStateException("getAll returned " + n + " entries");
                        }; break;
                        case "putAll": op = i -> cache.putAll(entriesOf(i)); break;
                        default: throw new IllegalArgumentException("unknown workload " + workload);
                    }
                    timedSync(op, conc, warmupMs, false);
                    for (int r = 0; r < runsWanted; r++) runs.add(timedSync(op, conc, runMs, true));
                } else {
                    AsyncOp op;
                    switch (base) {
                        case "get": op = i -> cache.getAsync(keyOf(i)); break;
                        case "put": op = i -> cache.putAsync(keyOf(i), VALUE); break;
                        case "getAll": op = i -> cache.getAllAsync(keysOf(i)).thenApply(m -> {
                            if (m.size() != BATCH) throw new IllegalStateException("getAll returned " + m.size() + " entries");
                            return m;
                        }); break;
                        case "putAll": op = i -> cache.putAllAsync(entriesOf(i)); break;
                        default: throw new IllegalArgumentException("unknown workload " + workload);
                    }
                    timedAsync(op, conc, warmupMs, false);
                    for (int r = 0; r < runsWanted; r++) runs.add(timedAsync(op, conc, runMs, true));
                }
            }
            out.append("{\"ok\":true,\"runs\":[");
            for (int r = 0; r < runs.size(); r++) out.append(r == 0 ? "" : ",").append(runs.get(r).json());
            out.append("]");
        } catch (Throwable t) {
            out.setLength(0);
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            out.append("{\"ok\":false,\"error\":").append(str(t + (root != t ? " / cause: " + root : ""))).append("");
        }
        out.append(",\"rssPeakKb\":").append(peakRssKb()).append(",\"client\":").append(info).append("}");
        System.out.println(out);
        System.out.flush();
        System.exit(0);
    }
}
