package io.kerat.execution;

import io.kerat.config.Layout;
import io.kerat.config.Limits;
import io.kerat.config.Settings;
import io.kerat.runner.RunnerCatalog;
import io.kerat.runner.RunnerDef;
import io.kerat.sandbox.SandboxRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The warm pool's life: pre-starting sandboxes that wait for a hand-over line, resizing, closing. A language's pool
 * (key: its id) serves run, case and test stages; a language with a compile step may also have a compile pool (key:
 * {@link #compileKey}), whose sandboxes are started with the compile limits and a writable build mount, as a cold
 * compile stage is.
 */
final class SandboxPool {
    /** What a compile pool's key adds to the language's id. */
    static final String COMPILE = ":compile";
    /** The shell init: says it is up ({@link PoolInit#READY}, removed by the daemon at hand-over), then waits. */
    static final List<String> WAITER = List.of("/bin/sh", "-c",
            ": > /kerat/out/" + PoolInit.READY + "; read -r go && . /kerat/ctl/go.sh");

    private final RunnerCatalog runners;
    private final PoolStarts starts;
    private final ImagePicker picker;
    private final SandboxRunner sandboxes;
    private volatile WarmPool pool;
    private volatile HostMemory memory;
    private volatile boolean interpreters = true;
    /** Whether idle sandboxes are frozen once up (the default; off only to measure what it saves). */
    private volatile boolean freezing = true;
    private final java.util.concurrent.atomic.AtomicLong interpreterRuns = new java.util.concurrent.atomic.AtomicLong();

    SandboxPool(Settings settings, Layout layout, RunnerCatalog runners, ImagePicker picker, SandboxRunner sandboxes) {
        this.runners = runners;
        this.picker = picker;
        this.sandboxes = sandboxes;
        this.starts = new PoolStarts(settings, layout, runners, picker, sandboxes);
    }

    /**
     * Starts (or resizes) the warm pool as the settings say: automatic sizes for the installed languages (see
     * {@link PoolSizing}) and the admin's own. Returns what was chosen, for the start-up line.
     */
    synchronized PoolSizing.Choice configure(io.kerat.config.PoolSettings settings) {
        if (memory == null) {
            memory = HostMemory.system(settings.minAvailableBytes());
        } else {
            memory.minAvailableBytes(settings.minAvailableBytes());
        }
        // the admin's sizes by language id: an alias (pool.js: 2) must not be reset by the id's own 0 below
        Map<String, Integer> admin = new TreeMap<>();
        settings.sizes().forEach((k, n) -> admin.put(runners.find(k).map(RunnerDef::language).orElse(k), n));
        settings = new io.kerat.config.PoolSettings(settings.auto(), admin, settings.memoryBytes(),
                settings.minAvailableBytes());
        List<String> installed = installedLanguages();
        List<String> compiled = new ArrayList<>();
        for (String l : installed) {
            runners.find(l).filter(SandboxPool::servesBuilds).ifPresent(r -> compiled.add(r.language()));
        }
        PoolSizing.Choice c = PoolSizing.choose(settings, installed, compiled,
                Runtime.getRuntime().availableProcessors(), memory.total());
        Map<String, Integer> sizes = new TreeMap<>(c.sizes());
        // a language the new choice leaves out is emptied
        settings.sizes().keySet().forEach(l -> sizes.putIfAbsent(l, 0));
        runners.all().forEach(r -> {
            sizes.putIfAbsent(r.language(), 0);
            if (servesBuilds(r)) {
                sizes.putIfAbsent(compileKey(r.language()), 0);
            }
        });
        configure(sizes, c.budgetBytes());
        return c;
    }

    /** Languages whose default image is installed now. */
    private List<String> installedLanguages() {
        List<String> out = new ArrayList<>();
        for (RunnerDef r : runners.all()) {
            try {
                picker.image(r, null);
                out.add(r.language());
            } catch (ExecutionException e) {
                // not installed (or no default version): no pool for it
            }
        }
        return out;
    }

    /** The pool's threshold of host MemAvailable (a test hook changes it while running). */
    void minAvailableBytes(long bytes) {
        HostMemory m = memory;
        if (m == null) {
            memory = HostMemory.system(bytes);
        } else {
            m.minAvailableBytes(bytes);
        }
    }

    /** The number of idle sandboxes the pool keeps when full. */
    int target() {
        WarmPool p = pool;
        return p == null ? 0 : p.sizes().values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Whether the pool is held back by the host's memory now. */
    boolean paused() {
        WarmPool p = pool;
        return p != null && p.paused();
    }

    /** Starts (or resizes) the warm pool; sizes per language, 0 turns a language off. */
    synchronized void configure(Map<String, Integer> sizes, long budgetBytes) {
        if (memory == null) {
            memory = HostMemory.system(io.kerat.config.PoolSettings.DEFAULT_MIN_AVAILABLE_BYTES);
        }
        if (pool == null) {
            Map<String, Integer> eligible = new TreeMap<>();
            sizes.forEach((key, n) -> {
                String k = poolKey(key);
                if (k != null) {
                    eligible.put(k, n);
                }
            });
            if (eligible.values().stream().allMatch(n -> n <= 0)) {
                return;
            }
            pool = new WarmPool(new WarmPool.Factory() {
                @Override
                public WarmPool.Entry create(String language) throws Exception {
                    return starts.start(language, interpreters);
                }

                @Override
                public void discard(WarmPool.Entry e) {
                    sandboxes.discard(e.started()); // (thawed first)
                    Stages.closeQuietly(e.dir());
                }

                @Override
                public WarmPool.Freeze freeze(WarmPool.Entry e) {
                    if (!freezing) {
                        return WarmPool.Freeze.NEVER;
                    }
                    if (!PoolInit.ready(e.dir())) {
                        return WarmPool.Freeze.NOT_YET;
                    }
                    return sandboxes.freeze(e.started(), true) ? WarmPool.Freeze.DONE : WarmPool.Freeze.NEVER;
                }

                @Override
                public void thaw(WarmPool.Entry e) {
                    sandboxes.freeze(e.started(), false);
                }
            }, eligible, budgetBytes, memory);
        } else {
            sizes.forEach((key, n) -> {
                String k = poolKey(key);
                if (k != null) {
                    pool.resize(k, n);
                }
            });
        }
    }

    /** Stops the pool and removes its idle sandboxes. */
    synchronized void close() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    long handOuts() {
        WarmPool p = pool;
        return p == null ? 0 : p.handOuts();
    }

    List<String> idleIds() {
        WarmPool p = pool;
        return p == null ? List.of() : p.idleIds();
    }

    /** A waiting sandbox matching the stage, or null (no pool, none idle, other limits or image). */
    WarmPool.Entry take(String language, Limits limits, java.nio.file.Path rootfs) {
        WarmPool p = pool;
        return p == null ? null : p.take(language, limits, rootfs);
    }

    /** A waiting sandbox of the language's compile pool matching the compile stage, or null. */
    WarmPool.Entry takeCompile(String language, Limits limits, java.nio.file.Path rootfs) {
        return take(compileKey(language), limits, rootfs);
    }

    /** The key of a language's compile pool. */
    static String compileKey(String language) {
        return language + COMPILE;
    }

    /**
     * A pool key in canonical form (an alias resolved to the language's id), or null: an unknown language, or a
     * compile pool of a language without a compile step.
     */
    private String poolKey(String key) {
        boolean compile = key.endsWith(COMPILE);
        String lang = compile ? key.substring(0, key.length() - COMPILE.length()) : key;
        RunnerDef r = runners.find(lang).orElse(null);
        if (r == null || (compile && !servesBuilds(r))) {
            return null;
        }
        return compile ? compileKey(r.language()) : r.language();
    }

    /** Replaces handed-out sandboxes in the background; called when a pooled stage has ended. */
    void refill() {
        WarmPool p = pool;
        if (p != null) {
            p.refill();
        }
    }

    /** The init an idle sandbox of this runner was started with (the setting may have changed since). */
    static PoolInit initOf(RunnerDef runner, SandboxRunner.Started started) {
        return PoolInit.of(runner, runner.prestart() != null && runner.prestart().equals(started.argv()));
    }

    /** Pooled sandboxes of runners with {@code prestart} start their interpreter (true) or a shell; for new ones. */
    void interpreters(boolean on) {
        interpreters = on;
    }

    /** Whether idle sandboxes are frozen once up; for new idle ones. */
    void freezing(boolean on) {
        freezing = on;
    }

    /** Idle sandboxes whose init is up and waiting now (the others are still starting). */
    int ready() {
        WarmPool p = pool;
        return p == null ? 0 : p.readyCount();
    }

    /** Idle sandboxes frozen now. */
    int frozen() {
        WarmPool p = pool;
        return p == null ? 0 : p.frozenCount();
    }

    /** Counts a stage run by a started interpreter itself. */
    void countInterpreterRun() {
        interpreterRuns.incrementAndGet();
    }

    long interpreterRuns() {
        return interpreterRuns.get();
    }

    /** Whether a language's pooled sandboxes get a build mount: it has a compile step (run or tests mode). */
    static boolean servesBuilds(RunnerDef runner) {
        return runner.compile() != null || (runner.test() != null && runner.test().compile() != null);
    }

    /** The size of a pooled sandbox's build tmpfs: the largest compile output the compile stage could leave. */
    long buildBytes(RunnerDef runner) {
        return starts.buildBytes(runner);
    }
}
