package io.kerat.api.judge0;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Thrown when a submission is refused: Judge0's 422 body, {@code {"field": ["message", ...]}}. */
public final class Judge0ValidationException extends Exception {
    private final Map<String, List<String>> errors;

    public Judge0ValidationException(Map<String, List<String>> errors) {
        super(errors.toString());
        this.errors = Map.copyOf(new LinkedHashMap<>(errors));
    }

    public static Judge0ValidationException of(String field, String message) {
        return new Judge0ValidationException(Map.of(field, List.of(message)));
    }

    /** Field name to its messages, in Judge0's shape. */
    public Map<String, List<String>> errors() {
        return new LinkedHashMap<>(errors);
    }
}
