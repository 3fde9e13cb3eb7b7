package io.kerat.image;

import io.kerat.config.Layout;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Building an image from its recipe, unless the current one is up to date.
 * Rootfs tarballs built with mmdebstrap are cached under the cache dir by recipe hash.
 */
record ImageBuilder(Layout layout, ImageRecipes recipes, ImageStore store, ImageInstaller installer) {
    /** The work of {@link ImageStore#build}. */
    ImageInfo build(String name, boolean force, PrintStream progress) throws IOException {
        Path recipeFile = layout.recipeDir(name).resolve("image.json");
        if (!Files.isRegularFile(recipeFile)) {
            throw new ImageException("no recipe for image '" + name + "' at " + recipeFile + recipes.recipesLike(name));
        }
        Recipe recipe = Recipe.load(recipeFile);
        String key = recipes.key(name);
        if (!force) {
            try {
                ImageInfo existing = store.resolve(name);
                if (key.equals(existing.key())) {
                    progress.println("image " + name + " " + existing.version() + " is up to date (" + key + ")");
                    return existing;
                }
                if (existing.imported()) {
                    progress.println("image " + name + " " + existing.version() + " was imported (" + existing.digest()
                            + "): keeping it; `kerat image build " + name + " --force` replaces it with the recipe's");
                    return existing;
                }
            } catch (ImageException ignored) {
                // build it
            }
        }
        Path tarball = layout.tarballCache().resolve(name + "-" + key + ".tar");
        if (force || !Files.isRegularFile(tarball)) {
            recipes.mmdebstrap(name, recipe, tarball, progress);
        } else {
            progress.println("using cached rootfs tarball " + tarball);
        }
        return installer.install(name, key, tarball, recipe::version, progress);
    }
}
