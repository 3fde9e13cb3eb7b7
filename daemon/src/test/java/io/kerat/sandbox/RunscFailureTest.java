package io.kerat.sandbox;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** runsc's own start failures, as runsc 20221219 prints them (seen on this machine), in plain words. */
class RunscFailureTest {
    private static final String PREFIX = "running container: starting container: starting root container: starting sandbox: ";

    @Test
    void executableNotInPath() {
        String err = PREFIX + "error finding executable \"python3\" in PATH [/usr/local/sbin /usr/local/bin /usr/sbin "
                + "/usr/bin /sbin /bin]: no such file or directory\n";
        assertTrue(RunscFailure.isRunscError(err));
        assertEquals("python3 not found in the image (searched PATH /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)",
                RunscFailure.explain(err));
    }

    @Test
    void absolutePathsThatCannotBeLoaded() {
        assertEquals("/usr/bin/nonexist not found in the image (or an interpreter or library it needs is missing)",
                RunscFailure.explain(PREFIX + "creating process: failed to load /usr/bin/nonexist: no such file or directory"));
        assertEquals("/etc/passwd in the image is not an executable file",
                RunscFailure.explain(PREFIX + "creating process: failed to load /etc/passwd: permission denied"));
    }

    @Test
    void otherFailuresKeepRunscsWordsAfterAClearPrefix() {
        String err = "creating container: cannot create sandbox: cannot read client sync file: EOF";
        assertTrue(RunscFailure.isRunscError(err));
        assertEquals("runsc could not start the sandbox: " + err, RunscFailure.explain(err));
    }

    @Test
    void theProgramsOwnStderrIsNotRunscs() {
        assertFalse(RunscFailure.isRunscError("Traceback (most recent call last):\nValueError: running container\n"));
        assertFalse(RunscFailure.isRunscError(""));
        assertFalse(RunscFailure.isRunscError(PREFIX + "x\nand then the program went on writing\n"));
    }
}
