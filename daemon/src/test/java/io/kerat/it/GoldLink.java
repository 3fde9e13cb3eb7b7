package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;

import static io.kerat.it.ItSupport.ok;
import static io.kerat.it.ItSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Run mode's link by GNU gold (runners/c and runners/cpp compile.sh), seen from outside: the program finds the
 * section only gold writes in its own executable; a link error is shown in ld.bfd's words (the link runs again with
 * ld.bfd), and a compile error is compiled and shown once.
 */
final class GoldLink {
    /** C and C++ alike: prints "gold" when /proc/self/exe has a .note.gnu.gold-version section. */
    private static final String SELF_CHECK = String.join("\n",
            "#include <elf.h>",
            "#include <stdio.h>",
            "#include <string.h>",
            "static unsigned char b[1 << 24];",
            "int main(void) {",
            "    FILE *f = fopen(\"/proc/self/exe\", \"rb\");",
            "    size_t n = f ? fread(b, 1, sizeof b, f) : 0;",
            "    const Elf64_Ehdr *e = (const Elf64_Ehdr *) b;",
            "    if (n < sizeof *e) { puts(\"unreadable\"); return 1; }",
            "    const Elf64_Shdr *s = (const Elf64_Shdr *) (b + e->e_shoff);",
            "    const char *names = (const char *) b + s[e->e_shstrndx].sh_offset;",
            "    for (int i = 0; i < e->e_shnum; i++)",
            "        if (strcmp(names + s[i].sh_name, \".note.gnu.gold-version\") == 0) { puts(\"gold\"); return 0; }",
            "    puts(\"not gold\");",
            "    return 0;",
            "}", "");

    private GoldLink() {
    }

    /** {@code undefinedInLdWords}: how ld names the missing function {@code f} ("f" in C, "f()" in C++). */
    static void check(String language, String file, String undefinedInLdWords) throws Exception {
        JsonNode b = ok(run(language, file, file, SELF_CHECK));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("gold\n", b.path("run").path("stdout").asText(), b::toString);

        b = ok(run(language, file, file, "int f(void);\nint main(void) { return f(); }\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        String err = b.path("compile").path("stderr").asText();
        assertTrue(err.contains("undefined reference to `" + undefinedInLdWords + "'"), b::toString);
        assertTrue(err.contains("collect2: error: ld returned 1 exit status"), b::toString);
        assertFalse(err.contains("ld.gold"), b::toString);

        b = ok(run(language, file, file, "int main(void) { return undefined_thing; }\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        err = b.path("compile").path("stderr").asText();
        assertEquals(1, err.split("error:", -1).length - 1, b::toString);
        assertTrue(err.contains("undefined_thing"), b::toString);
    }
}
