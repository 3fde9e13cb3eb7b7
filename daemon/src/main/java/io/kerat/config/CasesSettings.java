package io.kerat.config;

/**
 * How a cases-mode request's cases are kept apart.
 *
 * @param isolation    the default: {@code sandbox} (one sandbox per case) or {@code process} (one sandbox per
 *                     request, a fresh process per case)
 * @param allowProcess whether a request may ask for {@code process} itself when the default is {@code sandbox}
 *                     (a request may always ask for {@code sandbox}, the stricter mode)
 */
public record CasesSettings(String isolation, boolean allowProcess) {
    public static final CasesSettings DEFAULTS = new CasesSettings("sandbox", false);

    /** Whether a request may ask for {@code mode}. */
    public boolean allows(String mode) {
        return mode.equals("sandbox") || isolation.equals("process") || allowProcess;
    }
}
