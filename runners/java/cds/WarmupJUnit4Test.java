package kerat_warmup;

import org.junit.Before;
import org.junit.Ignore;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.ExpectedException;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

import java.util.Arrays;
import java.util.Collection;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** Class data sharing warm-up (see WarmupJupiterTest): JUnit 4 through the vintage engine. */
public class WarmupJUnit4Test {
    @Rule
    public ExpectedException thrown = ExpectedException.none();

    private int base;

    @Before
    public void setUp() {
        base = 1;
    }

    @Test
    public void passes() {
        assertEquals(2, base + 1);
        assertEquals("message", 1.5, 1.0 + 0.5, 1e-9);
        assertArrayEquals(new int[]{1}, new int[]{base});
        assertTrue(base > 0);
    }

    @Test
    public void fails() {
        assertEquals("one", 2, base);
    }

    @Test(expected = IllegalStateException.class)
    public void expected() {
        throw new IllegalStateException();
    }

    @Test
    public void rule() {
        thrown.expect(IllegalArgumentException.class);
        throw new IllegalArgumentException();
    }

    @Ignore("later")
    @Test
    public void ignored() {
    }

    @RunWith(Parameterized.class)
    public static class Params {
        @Parameterized.Parameters(name = "{index}: {0}")
        public static Collection<Object[]> data() {
            return Arrays.asList(new Object[][]{{1}, {2}});
        }

        private final int n;

        public Params(int n) {
            this.n = n;
        }

        @Test
        public void positive() {
            assertTrue(n > 0);
        }
    }
}
