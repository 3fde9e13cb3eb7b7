package io.kerat.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerat.execution.Admission;
import io.kerat.execution.ExecutionRequest;
import io.kerat.execution.ExecutionResult;
import io.kerat.sandbox.CancelToken;
import io.kerat.submissions.AsyncSubmissions;
import io.kerat.submissions.Submission;
import io.kerat.util.Json;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The native dialect's stored submissions ({@code /api/v1/submissions}): the stored request is the body of
 * {@code POST /api/v1/runs}, the stored result is its answer, and the callback body is what {@code GET} answers.
 */
public final class NativeSubmissions implements AsyncSubmissions.Handler {
    /** The dialect's name in the store. */
    public static final String DIALECT = "kerat";

    private final Admission admission;
    private final RequestValidator validator;

    public NativeSubmissions(Admission admission, RequestValidator validator) {
        this.admission = admission;
        this.validator = validator;
    }

    @Override
    public byte[] run(byte[] request, CancelToken cancel) throws Exception {
        NativeDto.RunRequest body = Json.mapper().readValue(request, NativeDto.RunRequest.class);
        ExecutionRequest domain;
        try {
            domain = validator.toDomain(body);
        } catch (ApiException e) {
            throw new IOException(e.getMessage(), e); // valid when accepted: the runtimes changed since
        }
        CompletableFuture<ExecutionResult> f;
        try {
            f = admission.submit(domain, cancel);
        } catch (Admission.QueueFullException e) {
            throw new AsyncSubmissions.Busy(e.getMessage());
        }
        try {
            return Json.mapper().writeValueAsBytes(f.get());
        } catch (ExecutionException e) {
            Throwable t = e.getCause(); // stored as the submission's error (or requeued when shutting down)
            throw t instanceof Exception ex ? ex : e;
        }
    }

    @Override
    public byte[] callbackBody(Submission done) {
        try {
            return Json.mapper().writeValueAsBytes(view(done));
        } catch (IOException e) {
            return null;
        }
    }

    /** The JSON a client sees of a submission: id, status, timestamps, and the result or error once it ended. */
    public static Map<String, Object> view(Submission s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.token());
        m.put("status", s.state().name().toLowerCase(Locale.ROOT));
        m.put("created_at", s.createdAt() == null ? null : s.createdAt().toString());
        m.put("started_at", s.startedAt() == null ? null : s.startedAt().toString());
        m.put("finished_at", s.finishedAt() == null ? null : s.finishedAt().toString());
        if (s.result() != null) {
            try {
                JsonNode r = Json.mapper().readTree(s.result());
                m.put("result", r);
            } catch (IOException e) {
                m.put("error", "the stored result cannot be read");
            }
        }
        if (s.error() != null) {
            m.put("error", s.error());
        }
        if (s.callback() != null) {
            m.put("callback_url", s.callback().toString());
        }
        return m;
    }
}
