import org.junit.Before;
import org.junit.Test;

import java.util.EmptyStackException;

import static org.hamcrest.CoreMatchers.is;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class BoundedStackTest {
    private BoundedStack<String> stack;

    @Before
    public void setUp() {
        stack = new BoundedStack<>(3);
    }

    @Test
    public void newStackIsEmpty() {
        assertTrue(stack.isEmpty());
        assertThat(stack.size(), is(0));
        assertThat(stack.toList(), is(empty()));
    }

    @Test
    public void pushThenPopReturnsTheSameItem() {
        stack.push("a");
        assertEquals("a", stack.pop());
        assertTrue(stack.isEmpty());
    }

    @Test
    public void itemsComeBackInReverseOrder() {
        stack.push("a");
        stack.push("b");
        stack.push("c");
        assertThat(stack.toList(), contains("c", "b", "a"));
    }

    @Test
    public void peekDoesNotRemove() {
        stack.push("x");
        assertThat(stack.peek(), is("x"));
        assertThat(stack.size(), is(1));
    }

    @Test(expected = EmptyStackException.class)
    public void popOnEmptyStackThrows() {
        stack.pop();
    }

    @Test
    public void pushOnFullStackThrows() {
        stack.push("1");
        stack.push("2");
        stack.push("3");
        try {
            stack.push("4");
            fail("expected an IllegalStateException");
        } catch (IllegalStateException e) {
            assertThat(e.getMessage(), is("stack is full"));
        }
    }

    @Test(expected = IllegalArgumentException.class)
    public void capacityMustBePositive() {
        new BoundedStack<Integer>(0);
    }
}
