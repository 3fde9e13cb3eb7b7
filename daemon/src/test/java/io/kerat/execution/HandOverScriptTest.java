package io.kerat.execution;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pooled sandbox's hand-over script: every word single-quoted, the environment replaced, not inherited. */
class HandOverScriptTest {
    @Test
    void theInitShellSetsTheEnvironmentAndExecsTheProgram() {
        String s = Executor.handOverScript(List.of("python3", "main.py", "it's", "$(rm -rf /)", "a b\nc"),
                Map.of("HOME", "/tmp", "KERAT_ENTRYPOINT", "m'a.py"));
        assertEquals("unset LANG OLDPWD PATH PWD TMPDIR\n"
                + "export 'HOME=/tmp'\n"
                + "export 'KERAT_ENTRYPOINT=m'\\''a.py'\n"
                + "exec 'python3' 'main.py' 'it'\\''s' '$(rm -rf /)' 'a b\nc'\n", s);
    }

    @Test
    void namesNoShellCanExportGoThroughEnv() {
        String s = Executor.handOverScript(List.of("python3", "main.py"), Map.of("HOME", "/tmp", "A-B", "1"));
        assertEquals("exec env -i 'A-B=1' 'HOME=/tmp' 'python3' 'main.py'\n", s);
        String dash = Executor.handOverScript(List.of("-x"), Map.of("HOME", "/tmp"));
        assertEquals("exec env -i 'HOME=/tmp' '-x'\n", dash);
    }

    /** The script as the pooled init runs it, under the host's sh: exactly the environment asked for, nothing else. */
    @Test
    void theProgramSeesExactlyItsEnvironment() throws Exception {
        java.nio.file.Path sh = java.nio.file.Path.of("/bin/sh");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(sh));
        String script = Executor.handOverScript(List.of("env"), Map.of("PATH", "/usr/bin:/bin", "K", "v 'q' $x"));
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
}
