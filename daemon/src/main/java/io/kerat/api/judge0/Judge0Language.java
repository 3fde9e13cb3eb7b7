package io.kerat.api.judge0;

/**
 * One Judge0 language: an installed version of one of Kerat's languages under a Judge0 id.
 *
 * @param id          Judge0's well-known id for the language's default version, else {@link Judge0Languages#idOf}
 * @param name        Judge0's style of name with the real installed version, e.g. {@code "Python (3.13.5)"}
 * @param sourceFile  the name the source code is saved under (Judge0's), e.g. {@code script.py}
 * @param compileCmd  the compile step as shown to clients (informative), or null for interpreted languages
 * @param runCmd      the run step as shown to clients (informative)
 * @param language    Kerat's language id
 * @param version     the installed version this id runs
 */
public record Judge0Language(int id, String name, String sourceFile, String compileCmd, String runCmd,
                             String language, String version) {
}
