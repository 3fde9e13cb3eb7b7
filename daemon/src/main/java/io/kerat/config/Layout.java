package io.kerat.config;

import java.nio.file.Path;

/** The one class that computes paths on disk. */
public final class Layout {
    private final Settings settings;

    public Layout(Settings settings) {
        this.settings = settings;
    }

    public Path home() { return settings.home(); }

    public Path runnersDir() { return settings.home().resolve("runners"); }

    public Path runnerDir(String language) { return runnersDir().resolve(language); }

    public Path recipesDir() { return settings.home().resolve("oci-bundles"); }

    public Path recipeDir(String image) { return recipesDir().resolve(image); }

    public Path seccompProfile(String name) { return settings.home().resolve("seccomp").resolve(name + ".json"); }

    public Path imagesDir() { return settings.dataDir().resolve("images"); }

    public Path imageDir(String image) { return imagesDir().resolve(image); }

    /** Symbolic link to the active version directory of an image; swapped atomically on rebuild. */
    public Path imageCurrent(String image) { return imageDir(image).resolve("current"); }

    public Path runsDir() { return settings.dataDir().resolve("runs"); }

    public Path jobDir(String jobId) { return runsDir().resolve(jobId); }

    /** Compiled artifacts of successful compiles, a size-bounded LRU (see CompileCache). */
    public Path compileCacheDir() { return settings.dataDir().resolve("compile-cache"); }

    public Path runscRoot() { return settings.dataDir().resolve("runsc"); }

    public Path tarballCache() { return settings.cacheDir().resolve("tarballs"); }
}
