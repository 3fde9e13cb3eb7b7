package io.kerat.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns Jackson's errors into a client-facing 400 that names the field and what was wrong. */
public final class JsonErrors {
    private JsonErrors() {}

    public static ApiException toApi(Exception e) {
        if (e instanceof JsonParseException p) {
            return ApiException.badRequest("invalid_json", "the body is not valid JSON: " + p.getOriginalMessage());
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return ApiException.badRequest("invalid_request", "unknown field '" + path(u) + "'");
        }
        if (e instanceof InvalidFormatException f) {
            return ApiException.badRequest("invalid_request", "field '" + path(f) + "' has the wrong type or value");
        }
        if (e instanceof MismatchedInputException m) {
            String p = path(m);
            return ApiException.badRequest("invalid_request", p.isEmpty()
                    ? "the body must be a JSON object" : "field '" + p + "' has the wrong type");
        }
        if (e instanceof JsonMappingException m) {
            return ApiException.badRequest("invalid_request", "invalid request at '" + path(m) + "': " + m.getOriginalMessage());
        }
        if (e instanceof JsonProcessingException p) {
            return ApiException.badRequest("invalid_json", "the body is not valid JSON: " + p.getOriginalMessage());
        }
        return ApiException.badRequest("invalid_json", "the body cannot be read: " + e.getMessage());
    }

    static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }
}
