package io.kerat.sandbox;

import io.kerat.config.Settings;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The runsc platform a process uses, and why. {@code auto} (the default) takes systrap when the configured runsc is
 * new enough ({@link RunscVersion#systrapByDefault}) and a probe sandbox on systrap works here, else ptrace;
 * {@code ptrace}, {@code systrap} and {@code kvm} are taken as configured.
 *
 * @param platform the value given to {@code runsc --platform}
 * @param reason   why, for the start-up line and {@code kerat doctor}: {@code auto: runsc 20240729}
 */
public record PlatformChoice(String platform, String reason) {
    public static final String AUTO = "auto";
    /** Before this no release had systrap (it was announced on 2023-04-28). */
    private static final LocalDate SYSTRAP_ANNOUNCED = LocalDate.of(2023, 4, 28);
    /** One decision per runsc binary, flags and setting for the life of the process: the probe costs a sandbox. */
    private static final Map<String, PlatformChoice> DECIDED = new ConcurrentHashMap<>();

    /** {@code systrap (auto: runsc 20240729)}. */
    public String describe() {
        return platform + " (" + reason + ")";
    }

    /**
     * The choice for {@code configured} given runsc's {@code --version} output (null: runsc could not be run) and a
     * probe that runs a sandbox on systrap and returns null when it worked or what went wrong. Pure: the probe is
     * only called when the version allows systrap or does not say.
     */
    public static PlatformChoice decide(String configured, String versionOutput, Supplier<String> systrapProbe) {
        if (!AUTO.equals(configured)) {
            return new PlatformChoice(configured, "configured");
        }
        if (versionOutput == null) {
            return new PlatformChoice("ptrace", "auto: `runsc --version` failed");
        }
        Optional<RunscVersion> v = RunscVersion.parse(versionOutput);
        String which;
        if (v.isPresent()) {
            which = "runsc " + v.get().release();
            if (v.get().date().isBefore(SYSTRAP_ANNOUNCED)) {
                return new PlatformChoice("ptrace", "auto: " + which + " has no systrap");
            }
            if (!v.get().systrapByDefault()) {
                return new PlatformChoice("ptrace", "auto: " + which + " predates systrap as gVisor's default ("
                        + RunscVersion.SYSTRAP_DEFAULT_SINCE + "); set platform: systrap to use it");
            }
        } else {
            String line = versionOutput.lines().findFirst().orElse("").trim();
            which = "runsc of unknown release ('" + (line.length() > 60 ? line.substring(0, 60) + "..." : line) + "')";
        }
        String failure = systrapProbe.get();
        if (failure != null) {
            return new PlatformChoice("ptrace", "auto: systrap probe failed: " + failure);
        }
        return new PlatformChoice("systrap", "auto: " + which);
    }

    /**
     * The choice for these settings, probing with a sandbox on systrap (its state under {@code runscRoot}, its bundle
     * under {@code workDir}, both this process's own) when {@code auto} needs it; decided once per process.
     */
    public static PlatformChoice resolve(Settings settings, Path runscRoot, Path workDir) {
        String key = settings.runscPath() + "\0" + settings.runscFlags() + "\0" + settings.platform();
        PlatformChoice known = DECIDED.get(key);
        if (known != null) {
            return known;
        }
        PlatformChoice c = decide(settings.platform(), new Runsc(settings, runscRoot).version(),
                () -> PlatformProbe.systrap(settings, runscRoot, workDir));
        DECIDED.putIfAbsent(key, c);
        return c;
    }

    /** The choice without running a sandbox: the probe's outcome is left open ({@code kerat doctor --no-sandbox}). */
    public static PlatformChoice withoutProbe(Settings settings, Path runscRoot) {
        String key = settings.runscPath() + "\0" + settings.runscFlags() + "\0" + settings.platform();
        PlatformChoice known = DECIDED.get(key);
        if (known != null) {
            return known;
        }
        PlatformChoice c = decide(settings.platform(), new Runsc(settings, runscRoot).version(), () -> null);
        return c.platform().equals("systrap") && AUTO.equals(settings.platform())
                ? new PlatformChoice("systrap", c.reason() + "; if the start-up probe passes (not run: --no-sandbox)")
                : c;
    }
}
