package io.kerat.image;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The installed versions of one language and which of them a request's {@code "version"} picks. A language's
 * images are {@code <image>} (its default recipe, e.g. {@code python}) and {@code <image>@<tag>} (e.g.
 * {@code python@3.11}); each records the runtime's version from its dpkg database.
 *
 * <p>Rules: absent or {@code "*"} picks the default. Otherwise an exact version, or a prefix that ends at a
 * component boundary ({@code "3"} and {@code "3.11"} match {@code 3.11.2}, {@code "3.1"} does not), or an image's
 * tag, matches; of several matches the default wins if it is one of them, else the highest version. The default
 * is the admin's choice ({@code default_versions.<language>}, matched the same way) when it matches an installed
 * version, else the image without a tag, else the highest installed version.
 */
public final class RuntimeVersions {
    /** One installed version: its image and whether it is the language's default. */
    public record Installed(ImageInfo image, String tag, boolean isDefault) {
        public String version() {
            return image.version();
        }
    }

    /** Thrown when no installed version matches what a request asked for. */
    public static final class UnknownVersionException extends Exception {
        public UnknownVersionException(String message) {
            super(message);
        }
    }

    private final List<Installed> installed;

    /**
     * @param base         the runner's image name, e.g. {@code python}
     * @param images       every installed image (others than the language's are ignored)
     * @param adminDefault the admin's default version (a version or prefix), or null
     */
    public RuntimeVersions(String base, List<ImageInfo> images, String adminDefault) {
        List<ImageInfo> mine = new ArrayList<>();
        for (ImageInfo i : images) {
            if (i.name().equals(base) || i.name().startsWith(base + "@")) {
                mine.add(i);
            }
        }
        mine.sort(Comparator.comparing(ImageInfo::version, RuntimeVersions::compare).reversed()
                .thenComparing(ImageInfo::name));
        ImageInfo dflt = null;
        if (adminDefault != null && !adminDefault.isBlank()) {
            dflt = mine.stream().filter(i -> matches(i.version(), tag(base, i.name()), adminDefault)).findFirst()
                    .orElse(null);
        }
        if (dflt == null) {
            dflt = mine.stream().filter(i -> i.name().equals(base)).findFirst().orElse(mine.isEmpty() ? null : mine.get(0));
        }
        List<Installed> out = new ArrayList<>();
        for (ImageInfo i : mine) {
            out.add(new Installed(i, tag(base, i.name()), i == dflt));
        }
        this.installed = List.copyOf(out);
    }

    /** Installed versions, newest first. */
    public List<Installed> installed() {
        return installed;
    }

    public boolean isEmpty() {
        return installed.isEmpty();
    }

    /** The version a request picks (see the class comment); the list must not be empty. */
    public Installed pick(String asked) throws UnknownVersionException {
        Installed dflt = installed.stream().filter(Installed::isDefault).findFirst().orElseThrow();
        if (asked == null || asked.isBlank() || asked.trim().equals("*")) {
            return dflt;
        }
        String a = asked.trim();
        List<Installed> hits = new ArrayList<>();
        for (Installed i : installed) {
            if (i.version().equals(a)) {
                return i;
            }
            if (matches(i.version(), i.tag(), a)) {
                hits.add(i);
            }
        }
        if (hits.isEmpty()) {
            throw new UnknownVersionException("version '" + asked + "' is not installed; installed: " + describe());
        }
        return hits.contains(dflt) ? dflt : hits.get(0);
    }

    /** "3.13.5 (default), 3.11.2". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (Installed i : installed) {
            parts.add(i.version() + (i.isDefault() ? " (default)" : ""));
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    /** {@code asked} is the version, a component prefix of it, the image's tag or a prefix of the tag. */
    private static boolean matches(String version, String tag, String asked) {
        return version.equals(asked) || matchesPrefix(version, asked)
                || (tag != null && (tag.equals(asked) || matchesPrefix(tag, asked)));
    }

    /** {@code prefix} is a leading run of whole components of {@code version} (".", "~", "+", "-" end one). */
    static boolean matchesPrefix(String version, String prefix) {
        if (!version.startsWith(prefix) || prefix.isEmpty()) {
            return false;
        }
        if (version.length() == prefix.length()) {
            return true;
        }
        char next = version.charAt(prefix.length());
        char last = prefix.charAt(prefix.length() - 1);
        return ".~+-".indexOf(next) >= 0 || ".~+-".indexOf(last) >= 0;
    }

    private static String tag(String base, String imageName) {
        return imageName.length() > base.length() + 1 ? imageName.substring(base.length() + 1) : null;
    }

    /** Numeric components compare as numbers, others as text: 3.13.5 > 3.11.2 > 3.9. */
    static int compare(String a, String b) {
        String[] x = a.toLowerCase(Locale.ROOT).split("[.~+-]");
        String[] y = b.toLowerCase(Locale.ROOT).split("[.~+-]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c;
            if (x[i].matches("\\d{1,9}") && y[i].matches("\\d{1,9}")) {
                c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            } else {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
