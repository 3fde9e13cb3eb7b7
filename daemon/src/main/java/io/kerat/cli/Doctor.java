package io.kerat.cli;

import io.kerat.Kerat;
import io.kerat.cgroup.CgroupLimits;
import io.kerat.cgroup.Cgroups;
import io.kerat.cluster.Essentials;
import io.kerat.config.Layout;
import io.kerat.config.Settings;
import io.kerat.execution.SmokeTest;
import io.kerat.image.ImageInfo;
import io.kerat.runner.RunnerDef;
import io.kerat.sandbox.PlatformChoice;
import io.kerat.sandbox.Recovery;
import io.kerat.sandbox.Runsc;
import io.kerat.util.Ids;
import io.kerat.util.Posix;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code kerat doctor}: checks what the daemon needs, each failure with the command that fixes it. */
public final class Doctor {
    /** One check's outcome; {@code skipped}: nothing to check (a language whose image is not installed). */
    public record Check(String name, boolean ok, String detail, String fix, boolean skipped) {
        public Check(String name, boolean ok, String detail, String fix) {
            this(name, ok, detail, fix, false);
        }
    }

    private Doctor() {}

    public static List<Check> run(Settings settings, String socket, boolean runImages) {
        List<Check> out = new ArrayList<>();
        out.add(new Check("kernel", true, System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " " + System.getProperty("os.arch"), null));
        boolean root = Posix.geteuid() == 0;
        out.add(new Check("privileges", root, root ? "running as root" : "not root (euid " + Posix.geteuid() + ")",
                "run the daemon and this check as root: sudo kerat doctor"));
        Runsc runsc = new Runsc(settings, settings.dataDir().resolve("runsc"));
        String version = runsc.version(); // what Essentials.runsc asks too (the balancer's agent check)
        out.add(new Check("runsc", version != null, version != null ? version + " (" + settings.runscPath() + ")"
                : "cannot run '" + settings.runscPath() + " --version'", "sudo apt-get install runsc (or set KERAT_RUNSC to its path)"));
        // the probes run as an owner of their own (cgroup p<owner>, procs/<owner>/runs), removed right after
        Layout own = new Layout(settings);
        // `auto` probes a systrap sandbox like the daemon does at start-up (not with --no-sandbox, nor without root)
        PlatformChoice platform = root && runImages && version != null
                ? PlatformChoice.resolve(settings, own.runscRoot(), own.runsDir())
                : PlatformChoice.withoutProbe(settings, own.runscRoot());
        settings = settings.withPlatform(platform.platform());
        if (platform.platform().equals("kvm")) {
            boolean kvm = Files.exists(Path.of("/dev/kvm"));
            out.add(new Check("platform", kvm, platform.describe() + (kvm ? ": /dev/kvm present; kvm hangs on some nested VMs" : ": no /dev/kvm"),
                    "set KERAT_PLATFORM=auto (systrap with a runsc from 2023-09 on, else ptrace)"));
        } else {
            out.add(new Check("platform", true, platform.describe(), null));
        }
        out.add(tool("mmdebstrap", "sudo apt-get install mmdebstrap"));
        Cgroups top = Cgroups.detect(settings.cgroupParent());
        Cgroups cg = top.child(own.owner().cgroupName());
        String probe = "doctor-" + Ids.random();
        try {
            cg.create(probe, new CgroupLimits(64L << 20, 1, 64));
            cg.remove(probe, Duration.ZERO);
            out.add(new Check("cgroups", true, cg.describe() + ", writable", null));
        } catch (Exception e) {
            out.add(new Check("cgroups", false, cg.describe() + ": " + e.getMessage(),
                    "run as root; under systemd use the shipped kerat.service (Delegate=yes)"));
        }
        Path runs = own.runsDir();
        try {
            Files.createDirectories(runs);
            Path p = Files.createTempFile(runs, ".doctor", "");
            Files.delete(p);
            Path m = Files.createDirectory(runs.resolve(".doctor-" + Ids.random()));
            try {
                Posix.mountTmpfs(m, "size=1m,mode=0755");
                Posix.umount(m);
            } finally {
                Files.deleteIfExists(m);
            }
            out.add(new Check("data dir", true, settings.dataDir() + " writable, tmpfs mounts work", null));
        } catch (Exception e) {
            out.add(new Check("data dir", false, settings.dataDir() + ": " + e.getMessage(),
                    "sudo install -d -m 0750 " + settings.dataDir() + " and run the daemon as root"));
        }
        Recovery.removeOwn(settings, own, top);
        if (socket != null) {
            Path s = Path.of(socket);
            try {
                PosixFileAttributes a = Files.readAttributes(s, PosixFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                String mode = PosixFilePermissions.toString(a.permissions());
                boolean good = a.isOther() && mode.equals("rw-rw----");
                out.add(new Check("socket", good, socket + " " + mode + " group " + a.group().getName(),
                        "restart the daemon (it sets mode 0660, group kerat); graders join the group: sudo usermod -aG kerat USER"));
            } catch (Exception e) {
                out.add(new Check("socket", false, socket + ": " + e.getMessage(), "start the daemon with --socket " + socket));
            }
        }
        if (root && version != null) {
            try (Kerat k = new Kerat(settings)) {
                int installed = 0;
                for (RunnerDef r : k.runners().all()) {
                    // the same test as the balancer's agent check (Essentials): installed and readable
                    String problem = Essentials.image(k.images(), r.image());
                    if (problem != null && problem.contains("not installed")) {
                        // a language the admin did not install (install.sh builds nine by default): not a failure
                        out.add(new Check("image " + r.language(), true, "not installed (to add it: sudo kerat image build "
                                + r.language() + ")", null, true));
                        continue;
                    }
                    installed++;
                    if (problem != null) {
                        out.add(new Check("image " + r.language(), false, problem, "sudo kerat image build " + r.language() + " --force"));
                        continue;
                    }
                    ImageInfo info = k.images().resolve(r.image());
                    if (!runImages) {
                        out.add(new Check("image " + r.language(), true, info.version() + " " + info.digest(), null));
                        continue;
                    }
                    List<ImageInfo> all = new java.util.ArrayList<>(List.of(info));
                    for (io.kerat.image.RuntimeVersions.Installed i
                            : k.images().versions(r.image(), settings.defaultVersions().get(r.language())).installed()) {
                        if (!i.image().name().equals(info.name())) {
                            all.add(i.image()); // another version beside the default recipe's (python@3.11)
                        }
                    }
                    for (ImageInfo img : all) {
                        String name = "image " + r.language() + (img.name().contains("@") ? img.name().substring(img.name().indexOf('@')) : "");
                        String fix = "sudo kerat image build " + img.name() + " --force";
                        SmokeTest.Outcome o = SmokeTest.run(k.executor(), r, img);
                        out.add(new Check(name, o.ok(), img.version() + ": smoke test " + (o.ok() ? "" : "failed: ")
                                + o.detail(), fix));
                    }
                }
                if (installed == 0) {
                    out.add(new Check("images", false, "no language image is installed: the daemon can run nothing",
                            "sudo kerat image build python (or install.sh --languages all)"));
                }
            } catch (Exception e) {
                out.add(new Check("daemon", false, e.getMessage(), "check KERAT_HOME (runners/, seccomp/) and the data dir"));
            }
        }
        return out;
    }

    private static Check tool(String name, String fix) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return new Check(name, true, Path.of(dir, name).toString(), null);
            }
        }
        return new Check(name, false, "not found (needed to build images)", fix);
    }

    /** Prints the checks; returns the exit code (0 when all pass). */
    public static int print(List<Check> checks, PrintStream out) {
        int failed = 0;
        for (Check c : checks) {
            out.printf("%-4s %-14s %s%n", c.skipped() ? "--" : c.ok() ? "ok" : "FAIL", c.name(), c.detail());
            if (!c.ok()) {
                failed++;
                out.printf("     %-14s fix: %s%n", "", c.fix());
            }
        }
        out.println(failed == 0 ? "all checks passed" : failed + " check(s) failed");
        return failed == 0 ? 0 : 1;
    }
}
