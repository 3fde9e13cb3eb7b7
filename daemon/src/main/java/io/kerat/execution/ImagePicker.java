package io.kerat.execution;

import io.kerat.config.Settings;
import io.kerat.execution.ExecutionException.Kind;
import io.kerat.image.ImageException;
import io.kerat.image.ImageInfo;
import io.kerat.image.ImageStore;
import io.kerat.image.RuntimeVersions;
import io.kerat.runner.RunnerDef;

/** Picks the image of the language version a request asks for. */
final class ImagePicker {
    private final Settings settings;
    private final ImageStore images;

    ImagePicker(Settings settings, ImageStore images) {
        this.settings = settings;
        this.images = images;
    }

    /**
     * The image of {@code version} (null: the default): 400 {@code unknown_version} naming the installed ones when
     * none matches, 503 when the language has no image at all.
     */
    ImageInfo image(RunnerDef runner, String version) throws ExecutionException {
        RuntimeVersions versions = images.versions(runner.image(), settings.defaultVersions().get(runner.language()));
        if (versions.isEmpty()) {
            try {
                return images.resolve(runner.image()); // names the command that builds it
            } catch (ImageException e) {
                throw new ExecutionException(Kind.UNAVAILABLE, e.getMessage(), e);
            }
        }
        try {
            return versions.pick(version).image();
        } catch (RuntimeVersions.UnknownVersionException e) {
            throw new ExecutionException(Kind.BAD_REQUEST, "unknown_version", runner.language() + ": " + e.getMessage());
        }
    }
}
