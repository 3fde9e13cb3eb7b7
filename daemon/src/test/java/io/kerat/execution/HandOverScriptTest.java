package io.kerat.execution;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pooled sandbox's hand-over script: every word single-quoted, the environment replaced, not inherited. */
class HandOverScriptTest {
    @Test
    void theInitShellSetsTheEnvironmentAndExecsTheProgram() {
        String s = HandOverScript.of(List.of("python3", "main.py", "it's", "$(rm -rf /)", "a b\nc"),
                Map.of("HOME", "/tmp", "KERAT_ENTRYPOINT", "m'a.py"));
        assertEquals("unset LANG OLDPWD PATH PWD TMPDIR\n"
                + "export 'HOME=/tmp'\n"
                + "export 'KERAT_ENTRYPOINT=m'\\''a.py'\n"
                + "command -v 'python3' >/dev/null 2>&1 || { printf 'kerat: %s not found in the image\\n' 'python3' >&2; exit 127; }\n"
                + "exec 'python3' 'main.py' 'it'\\''s' '$(rm -rf /)' 'a b\nc'\n", s);
    }

    @Test
    void namesNoShellCanExportGoThroughEnv() {
        String s = HandOverScript.of(List.of("python3", "main.py"), Map.of("HOME", "/tmp", "A-B", "1"));
        assertEquals("exec env -i 'A-B=1' 'HOME=/tmp' 'python3' 'main.py'\n", s);
        String dash = HandOverScript.of(List.of("-x"), Map.of("HOME", "/tmp"));
        assertEquals("exec env -i 'HOME=/tmp' '-x'\n", dash);
    }

    /** The script as the pooled init runs it, under the host's sh: exactly the environment asked for, nothing else. */
    @Test
    void theProgramSeesExactlyItsEnvironment() throws Exception {
        java.nio.file.Path sh = java.nio.file.Path.of("/bin/sh");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(sh));
        String script = HandOverScript.of(List.of("env"), Map.of("PATH", "/usr/bin:/bin", "K", "v 'q' $x"));
        java.nio.file.Path f = java.nio.file.Files.createTempFile("go", ".sh");
        try {
            java.nio.file.Files.writeString(f, script);
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", "read -r go && . " + f);
            pb.environment().clear();
            pb.environment().putAll(io.kerat.oci.SpecBuilder.baseEnv());
            Process p = pb.start();
            p.getOutputStream().write("GO\n".getBytes());
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor());
            assertEquals(List.of("K=v 'q' $x", "PATH=/usr/bin:/bin"), out.lines().sorted().toList());
        } finally {
            java.nio.file.Files.delete(f);
        }
    }

    /** A program missing from the image: the script says so in the form the executor turns into internal_error. */
    @Test
    void aMissingProgramIsReportedNotExecuted() throws Exception {
        java.nio.file.Path sh = java.nio.file.Path.of("/bin/sh");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(sh));
        String script = HandOverScript.of(List.of("kerat-no-such-program-x", "main.py"), Map.of("PATH", "/usr/bin:/bin"));
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script);
        pb.environment().clear();
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes());
        assertEquals(127, p.waitFor());
        io.kerat.sandbox.SandboxResult r = new io.kerat.sandbox.SandboxResult(io.kerat.sandbox.Termination.EXITED, 127,
                null, new byte[0], err.getBytes(), false, false, 0, 0, 0, 0, 0, null);
        assertEquals("kerat-no-such-program-x not found in the image", MissingProgram.of(r));
        io.kerat.sandbox.SandboxResult other = new io.kerat.sandbox.SandboxResult(io.kerat.sandbox.Termination.EXITED, 127,
                null, new byte[0], "sh: 1: foo: not found\n".getBytes(), false, false, 0, 0, 0, 0, 0, null);
        assertEquals(null, MissingProgram.of(other), "a program's own exit 127 stays its own");
    }
}
