package io.kerat.http;

import io.kerat.Kerat;
import io.kerat.api.ApiException;
import io.kerat.api.RequestValidator;
import io.kerat.api.judge0.Judge0Fields;
import io.kerat.api.judge0.Judge0Language;
import io.kerat.api.judge0.Judge0Languages;
import io.kerat.api.judge0.Judge0Options;
import io.kerat.api.judge0.Judge0RequestParser;
import io.kerat.api.judge0.Judge0Result;
import io.kerat.api.judge0.Judge0Status;
import io.kerat.api.judge0.Judge0Submission;
import io.kerat.api.judge0.Judge0Translator;
import io.kerat.api.judge0.Judge0ValidationException;
import io.kerat.api.judge0.ZipUnpacker;
import io.kerat.execution.Admission;
import io.kerat.execution.ExecutionException;
import io.kerat.execution.ExecutionRequest;
import io.kerat.execution.ExecutionResult;
import io.kerat.sandbox.CancelToken;
import io.kerat.submissions.AsyncSubmissions;
import io.kerat.submissions.Submission;
import io.kerat.util.Json;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The Judge0 dialect's glue to the daemon: validates submissions against the installed languages, turns them into
 * domain requests, runs stored ones for the asynchronous store (its {@link AsyncSubmissions.Handler}) and renders
 * stored ones back. No HTTP here: {@link Judge0Routes} does that.
 */
final class Judge0Service implements AsyncSubmissions.Handler {
    static final String DIALECT = "judge0";
    /** What Judge0 sends to a callback: its usual fields, text base64-encoded. */
    static final String CALLBACK_FIELDS = "token,stdout,stderr,compile_output,message,exit_code,exit_signal,status,"
            + "created_at,finished_at,time,wall_time,memory";

    private final Kerat kerat;
    private final Judge0Options options;
    private final RequestValidator validator;

    Judge0Service(Kerat kerat, Judge0Options options) {
        this.kerat = kerat;
        this.options = options;
        this.validator = new RequestValidator(kerat.settings(), kerat.runners());
    }

    Judge0Options options() {
        return options;
    }

    Judge0Languages languages() {
        return Judge0Languages.of(kerat.runners().all(), r -> kerat.images().versions(r.image(),
                kerat.settings().defaultVersions().get(r.language())));
    }

    /** A checked submission and the domain request it runs as. */
    record Validated(Judge0Submission submission, ExecutionRequest domain) {
    }

    /** Reads and checks one submission body; the domain request is built too, so every refusal is a 422 now. */
    Validated validate(JsonNode body, boolean base64) throws Judge0ValidationException {
        Judge0Languages langs = languages();
        Judge0Submission s = new Judge0RequestParser(kerat.settings(), langs, options.maxNumberOfRuns()).parse(body, base64);
        return new Validated(s, toDomain(s, langs));
    }

    ExecutionRequest toDomain(Judge0Submission s, Judge0Languages langs) throws Judge0ValidationException {
        Judge0Language lang = langs.byId(s.languageId()).orElseThrow(() -> Judge0ValidationException.of("language_id",
                "language with id " + s.languageId() + " doesn't exist"));
        ZipUnpacker zip = new ZipUnpacker(kerat.settings().maxFiles() - 2, kerat.settings().maxFileBytes(),
                kerat.settings().maxTotalFileBytes());
        try {
            return validator.toDomain(Judge0Translator.toNative(s, lang, zip), Judge0Translator.daemonFiles(s));
        } catch (ApiException e) {
            String msg = e.getMessage();
            String field = msg.contains("file") ? "additional_files" : "base";
            throw Judge0ValidationException.of(field, msg);
        }
    }

    /** Starts a run now; a full admission queue is {@link Admission.QueueFullException}. */
    CompletableFuture<ExecutionResult> start(ExecutionRequest domain, CancelToken cancel) throws Admission.QueueFullException {
        return kerat.admission().submit(domain, cancel);
    }

    /** Kerat's outcome (or failure) of a run as a Judge0 result; a bad request found late is an internal error. */
    static Judge0Result judge(Judge0Submission s, ExecutionResult result, Throwable err) {
        Instant now = Instant.now();
        if (err == null) {
            return Judge0Translator.fromResult(s, result, now);
        }
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        String why = t instanceof ExecutionException ? t.getMessage() : "unexpected error: " + t;
        return Judge0Translator.internalError(why, now);
    }

    // ---- the asynchronous store's handler ----

    @Override
    public byte[] run(byte[] request, CancelToken cancel) throws Exception {
        Judge0Submission s = Json.mapper().readValue(request, Judge0Submission.class);
        ExecutionRequest domain;
        try {
            domain = toDomain(s, languages());
        } catch (Judge0ValidationException e) {
            // the language was removed after the submission was accepted, or similar
            return Json.mapper().writeValueAsBytes(Judge0Translator.internalError(e.errors().toString(), Instant.now()));
        }
        CompletableFuture<ExecutionResult> f;
        try {
            f = start(domain, cancel);
        } catch (Admission.QueueFullException e) {
            throw new AsyncSubmissions.Busy(e.getMessage());
        }
        ExecutionResult result = null;
        Throwable err = null;
        try {
            result = f.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            err = e;
        }
        return Json.mapper().writeValueAsBytes(judge(s, result, err));
    }

    @Override
    public byte[] callbackBody(Submission done) {
        try {
            return Json.mapper().writeValueAsBytes(render(done, Judge0Fields.of(CALLBACK_FIELDS), true));
        } catch (Exception e) {
            return null;
        }
    }

    /** A stored submission on the wire, whatever its state. */
    Map<String, Object> render(Submission stored, Judge0Fields fields, boolean base64) throws java.io.IOException {
        Judge0Submission s = Json.mapper().readValue(stored.request(), Judge0Submission.class);
        Judge0Result r = null;
        Judge0Status state = Judge0Status.IN_QUEUE;
        switch (stored.state()) {
            case QUEUED -> state = Judge0Status.IN_QUEUE;
            case RUNNING -> state = Judge0Status.PROCESSING;
            case DONE -> r = stored.result() == null
                    ? Judge0Translator.internalError("no result was stored", stored.finishedAt())
                    : Json.mapper().readValue(stored.result(), Judge0Result.class);
            case FAILED -> r = Judge0Translator.internalError(stored.error() == null ? "the run failed" : stored.error(),
                    stored.finishedAt());
        }
        Judge0Language lang = languages().byId(s.languageId()).orElse(null);
        return fields.render(stored.token(), s, r, state, Judge0Translator.timestamp(stored.createdAt()), lang, base64);
    }
}
