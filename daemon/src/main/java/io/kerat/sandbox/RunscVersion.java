package io.kerat.sandbox;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The release date in the first line of {@code runsc --version}. gVisor names its releases by date, and every
 * packaging keeps that date: Debian {@code runsc version 0.0~20240729.0}, upstream {@code runsc version
 * release-20240729.0}, Fedora {@code 20240408.0-1.20240418git9e5a99b.fc41} (the first date is the release).
 * Builds from source without a tag print {@code VERSION_MISSING}: no date, {@link #parse} is empty.
 *
 * @param date release date (the gVisor release the binary is built from)
 * @param text the version line as runsc printed it
 */
public record RunscVersion(LocalDate date, String text) {
    /**
     * gVisor announced systrap on 2023-04-28 as "will replace ptrace by September 2023 and become the default":
     * {@code auto} picks systrap only from releases of that date on (an older release that has it can still be
     * configured explicitly). Debian 12's 20221219 answers "unknown platform: systrap".
     */
    public static final LocalDate SYSTRAP_DEFAULT_SINCE = LocalDate.of(2023, 9, 1);

    private static final Pattern DATE = Pattern.compile("(?<![0-9])(20[0-9]{2})([01][0-9])([0-3][0-9])(?![0-9])");

    /** The release date of a {@code runsc --version} line (or all its output), if it names one. */
    public static Optional<RunscVersion> parse(String versionOutput) {
        if (versionOutput == null) {
            return Optional.empty();
        }
        String line = versionOutput.lines().findFirst().orElse("").trim();
        Matcher m = DATE.matcher(line);
        while (m.find()) {
            try {
                LocalDate d = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)));
                return Optional.of(new RunscVersion(d, line));
            } catch (DateTimeException notADate) {
                // e.g. a build number: look further
            }
        }
        return Optional.empty();
    }

    /** The release as gVisor names it: {@code 20240729}. */
    public String release() {
        return String.format("%04d%02d%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    }

    /** Whether this release is new enough for {@code auto} to try systrap. */
    public boolean systrapByDefault() {
        return !date.isBefore(SYSTRAP_DEFAULT_SINCE);
    }
}
