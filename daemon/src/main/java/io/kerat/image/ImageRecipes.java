package io.kerat.image;

import io.kerat.config.Layout;
import io.kerat.config.Settings;
import io.kerat.util.Ids;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Image recipes ({@code recipes/<name>/image.json}): their build keys and their mmdebstrap builds into tarballs. */
final class ImageRecipes {
    private final Settings settings;
    private final Layout layout;

    ImageRecipes(Settings settings, Layout layout) {
        this.settings = settings;
        this.layout = layout;
    }

    /** A runner file named in a recipe's hook: {runners}/cpp/kerat_listener.cpp (quotes and spaces end it). */
    private static final java.util.regex.Pattern RUNNER_FILE = java.util.regex.Pattern.compile("\\{runners}/([^\"'\\s\\\\]+)");

    /**
     * The build key of a recipe: changes when its packages, hooks or the suite change, or a runner file a hook bakes
     * into the image ({@code {runners}/<path>} in a hook) changes.
     */
    public String key(String name) throws IOException {
        Path recipe = layout.recipeDir(name).resolve("image.json");
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] text = Files.readAllBytes(recipe);
            md.update(text);
            md.update(suiteOf(Recipe.load(recipe)).getBytes(StandardCharsets.UTF_8));
            java.util.regex.Matcher m = RUNNER_FILE.matcher(new String(text, StandardCharsets.UTF_8));
            java.util.SortedSet<String> files = new java.util.TreeSet<>();
            while (m.find()) {
                files.add(m.group(1));
            }
            for (String f : files) {
                Path p = layout.runnersDir().resolve(f).normalize();
                md.update(f.getBytes(StandardCharsets.UTF_8));
                if (p.startsWith(layout.runnersDir()) && Files.isRegularFile(p)) {
                    md.update(Files.readAllBytes(p));
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds the recipe's rootfs tarball with mmdebstrap (written beside it first, moved into place at the end). */
    void mmdebstrap(String name, Recipe recipe, Path tarball, PrintStream progress) throws IOException {
        Files.createDirectories(tarball.getParent());
        // mmdebstrap picks its output format from the extension: keep ".tar" last
        Path part = tarball.resolveSibling(".part-" + Ids.random() + "-" + tarball.getFileName());
        List<String> argv = new ArrayList<>(List.of("mmdebstrap", "--variant=essential",
                "--include=" + String.join(",", recipe.packages()),
                "--aptopt=Acquire::Retries \"3\"",
                "--dpkgopt=path-exclude=/usr/share/man/*",
                "--dpkgopt=path-exclude=/usr/share/doc/*",
                "--dpkgopt=path-include=/usr/share/doc/*/copyright",
                "--dpkgopt=path-exclude=/usr/share/locale/*",
                "--dpkgopt=path-exclude=/usr/share/info/*",
                // OpenJDK's postinst needs man1 for update-alternatives (RUNSC-FACTS)
                "--setup-hook=mkdir -p \"$1\"/usr/share/man/man1",
                "--customize-hook=rm -rf \"$1\"/var/cache/apt/archives/*.deb \"$1\"/var/lib/apt/lists/*"));
        for (String hook : recipe.customizeHooks()) {
            // {runners}: the runners directory of this installation (a hook may bake a runner's helper into the image)
            argv.add("--customize-hook=" + hook.replace("{runners}", layout.runnersDir().toString()));
        }
        argv.addAll(List.of(suiteOf(recipe), part.toString(), settings.mirror()));
        progress.println("building image " + name + ": " + String.join(" ", argv));
        ProcessBuilder pb = new ProcessBuilder(argv)
                .redirectInput(new File("/dev/null"))
                .redirectErrorStream(true);
        Process p = pb.start();
        try (InputStream out = p.getInputStream()) {
            byte[] buf = new byte[4096];
            int n;
            while ((n = out.read(buf)) >= 0) {
                progress.write(buf, 0, n);
                progress.flush();
            }
        }
        try {
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                Files.deleteIfExists(part);
                throw new ImageException("mmdebstrap failed for image '" + name + "' (exit " + p.exitValue()
                        + "); is `apt-get install mmdebstrap` done and the mirror " + settings.mirror() + " reachable?");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ImageException("interrupted while building image " + name);
        }
        Files.move(part, tarball, StandardCopyOption.ATOMIC_MOVE);
    }

    /** "; recipes of python: python, python@3.11" for a missing recipe's message. */
    String recipesLike(String name) {
        String base = name.contains("@") ? name.substring(0, name.indexOf('@')) : name;
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(layout.recipesDir())) {
            for (Path p : s) {
                String n = p.getFileName().toString();
                if ((n.equals(base) || n.startsWith(base + "@")) && Files.isRegularFile(p.resolve("image.json"))) {
                    found.add(n);
                }
            }
        } catch (IOException ignored) {
            // no recipes dir: the message names the path already
        }
        java.util.Collections.sort(found);
        return found.isEmpty() ? "" : "; recipes of " + base + ": " + String.join(", ", found);
    }

    /** The Debian release a recipe builds from: its own {@code suite}, else the settings'. */
    String suiteOf(Recipe recipe) {
        return recipe.suite() != null ? recipe.suite() : settings.suite();
    }
}
