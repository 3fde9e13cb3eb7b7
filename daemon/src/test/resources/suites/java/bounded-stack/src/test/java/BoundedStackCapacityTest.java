import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

import java.util.Arrays;
import java.util.Collection;

import static org.junit.Assert.assertEquals;

@RunWith(Parameterized.class)
public class BoundedStackCapacityTest {

    @Parameters(name = "capacity {0}")
    public static Collection<Object[]> capacities() {
        return Arrays.asList(new Object[][]{{1}, {2}, {10}});
    }

    @Parameter
    public int capacity;

    @Test
    public void holdsExactlyItsCapacity() {
        BoundedStack<Integer> stack = new BoundedStack<>(capacity);
        for (int i = 0; i < capacity; i++) {
            stack.push(i);
        }
        assertEquals(capacity, stack.size());
    }
}
