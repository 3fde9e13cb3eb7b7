package io.kerat.config;

import java.util.Locale;

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

    /** From {@code KERAT_CASES_ISOLATION} and {@code KERAT_CASES_ALLOW_PROCESS}. */
    static CasesSettings read(SettingsReader r) {
        String v = r.str("KERAT_CASES_ISOLATION", "sandbox").trim().toLowerCase(Locale.ROOT);
        if (!v.equals("sandbox") && !v.equals("process")) {
            throw new ConfigException(ConfigFile.name("KERAT_CASES_ISOLATION") + ": must be sandbox or process, got '" + v + "'");
        }
        return new CasesSettings(v, r.bool("KERAT_CASES_ALLOW_PROCESS", false));
    }
}
