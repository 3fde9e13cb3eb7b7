import java.util.ArrayList;
import java.util.EmptyStackException;
import java.util.List;

public class BoundedStack<T> {
    private final int capacity;
    private final List<T> items = new ArrayList<>();

    public BoundedStack(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    public void push(T item) {
        if (items.size() == capacity) {
            throw new IllegalStateException("stack is full");
        }
        items.add(item);
    }

    public T pop() {
        if (items.isEmpty()) {
            throw new EmptyStackException();
        }
        return items.remove(items.size() - 1);
    }

    public T peek() {
        if (items.isEmpty()) {
            throw new EmptyStackException();
        }
        return items.get(items.size() - 1);
    }

    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public List<T> toList() {
        List<T> copy = new ArrayList<>(items);
        java.util.Collections.reverse(copy);
        return copy;
    }
}
