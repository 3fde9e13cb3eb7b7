package io.kerat.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerat.Kerat;
import io.kerat.api.ApiException;
import io.kerat.api.judge0.Judge0Fields;
import io.kerat.api.judge0.Judge0Info;
import io.kerat.api.judge0.Judge0Language;
import io.kerat.api.judge0.Judge0Result;
import io.kerat.api.judge0.Judge0Status;
import io.kerat.api.judge0.Judge0Submission;
import io.kerat.api.judge0.Judge0Translator;
import io.kerat.api.judge0.Judge0ValidationException;
import io.kerat.execution.Admission;
import io.kerat.execution.ExecutionException;
import io.kerat.execution.ExecutionRequest;
import io.kerat.sandbox.CancelToken;
import io.kerat.submissions.AsyncSubmissions;
import io.kerat.submissions.Submission;
import io.kerat.util.Json;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/** Judge0's {@code /submissions} endpoints: create (waiting or stored), show, delete, batches. */
final class Judge0SubmissionEndpoints {
    static final String DIALECT = Judge0Service.DIALECT;
    private final Kerat kerat;
    private final Judge0Service service;
    private final AsyncSubmissions store;

    Judge0SubmissionEndpoints(Kerat kerat, Judge0Service service, AsyncSubmissions store) {
        this.kerat = kerat;
        this.service = service;
        this.store = store;
    }

    private static void error(ChannelHandlerContext ctx, boolean keepAlive, int status, String message) {
        Judge0Routes.error(ctx, keepAlive, status, message);
    }

    private static String param(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
    }

    /** Judge0's base64_encoded: false unless "true" (Judge0 CE 1.13 with implicit encoding disabled, its default). */
    private static boolean base64(Map<String, List<String>> q) {
        return "true".equals(param(q, "base64_encoded"));
    }

    /**
     * The body as JSON, or as a form ({@code application/x-www-form-urlencoded}, which Rails and so Judge0 accept:
     * every value a string); null after answering 400 when it is neither.
     */
    private static JsonNode body(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive) {
        if (req.content().readableBytes() == 0) {
            return Json.mapper().createObjectNode();
        }
        String type = req.headers().get(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_TYPE, "");
        if (type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            String form = req.content().toString(java.nio.charset.StandardCharsets.UTF_8);
            com.fasterxml.jackson.databind.node.ObjectNode o = Json.mapper().createObjectNode();
            new QueryStringDecoder(form, java.nio.charset.StandardCharsets.UTF_8, false, 1024).parameters()
                    .forEach((k, v) -> o.put(k, v.get(v.size() - 1)));
            return o;
        }
        try (InputStream in = new ByteBufInputStream(req.content().duplicate())) {
            return Json.mapper().readTree(in);
        } catch (Exception e) {
            error(ctx, keepAlive, 400, "the body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
            return null;
        }
    }

    private Judge0Fields fields(ChannelHandlerContext ctx, Map<String, List<String>> q, boolean keepAlive) {
        try {
            return Judge0Fields.of(param(q, "fields"));
        } catch (Judge0Fields.InvalidFields e) {
            error(ctx, keepAlive, 400, e.getMessage());
            return null;
        }
    }

    void create(ChannelHandlerContext ctx, FullHttpRequest req, Map<String, List<String>> q, boolean keepAlive)
            throws ApiException {
        Judge0Fields fields = fields(ctx, q, keepAlive);
        if (fields == null) {
            return;
        }
        boolean base64 = base64(q);
        boolean wait = "true".equals(param(q, "wait"));
        JsonNode body = body(ctx, req, keepAlive);
        if (body == null) {
            return;
        }
        Judge0Submission s;
        ExecutionRequest domain;
        try {
            Judge0Service.Validated v = service.validate(body, base64);
            s = v.submission();
            domain = v.domain();
            if (s.callbackUrl() != null) {
                checkCallback(s.callbackUrl());
            }
        } catch (Judge0ValidationException e) {
            Responses.json(ctx, keepAlive, 422, e.errors());
            return;
        }
        if (!wait) {
            accept(ctx, s, keepAlive);
            return;
        }
        runNow(ctx, s, domain, fields, base64, keepAlive);
    }

    private void checkCallback(String url) throws Judge0ValidationException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw Judge0ValidationException.of("callback_url", "is not a valid URL");
        }
        if (store == null) {
            throw Judge0ValidationException.of("callback_url", "callbacks are not available on this daemon");
        }
        try {
            store.checkCallback(uri);
        } catch (AsyncSubmissions.CallbackRefused e) {
            throw Judge0ValidationException.of("callback_url", e.getMessage());
        }
    }

    private void accept(ChannelHandlerContext ctx, Judge0Submission s, boolean keepAlive) {
        if (store == null) {
            error(ctx, keepAlive, 503, "asynchronous submissions are not available on this daemon; use wait=true");
            return;
        }
        try {
            String token = store.accept(DIALECT, Json.mapper().writeValueAsBytes(s),
                    s.callbackUrl() == null ? null : new URI(s.callbackUrl()));
            Responses.json(ctx, keepAlive, 201, Map.of("token", token));
        } catch (AsyncSubmissions.QueueFull e) {
            kerat.recordRejection();
            error(ctx, keepAlive, 503, "queue is full");
        } catch (AsyncSubmissions.CallbackRefused e) {
            Responses.json(ctx, keepAlive, 422, Map.of("callback_url", List.of(e.getMessage())));
        } catch (Exception e) {
            error(ctx, keepAlive, 500, "cannot store the submission: " + e.getMessage());
        }
    }

    /** {@code wait=true}: runs now and answers 201 with the result, as Judge0 does (a callback is still sent by Judge0; Kerat's synchronous runs send none). */
    private void runNow(ChannelHandlerContext ctx, Judge0Submission s, ExecutionRequest domain, Judge0Fields fields,
                        boolean base64, boolean keepAlive) {
        CancelToken cancel = new CancelToken();
        ctx.channel().attr(HttpHandler.CANCEL).set(cancel);
        String token = java.util.UUID.randomUUID().toString();
        String createdAt = Judge0Translator.timestamp(Instant.now());
        try {
            service.start(domain, cancel).whenComplete((result, err) -> ctx.executor().execute(() -> {
                ctx.channel().attr(HttpHandler.CANCEL).compareAndSet(cancel, null);
                Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                if (t instanceof CancellationException) {
                    return; // the client is gone
                }
                if (t instanceof ExecutionException ee && ee.kind() == ExecutionException.Kind.UNAVAILABLE) {
                    error(ctx, keepAlive, 503, ee.getMessage());
                    return;
                }
                if (t instanceof ExecutionException ee && ee.kind() == ExecutionException.Kind.BAD_REQUEST) {
                    Responses.json(ctx, keepAlive, 422, Map.of("base", List.of(ee.getMessage())));
                    return;
                }
                Judge0Result r = Judge0Service.judge(s, result, t);
                Judge0Language lang = service.languages().byId(s.languageId()).orElse(null);
                Responses.json(ctx, keepAlive, 201, fields.render(token, s, r, Judge0Status.PROCESSING, createdAt, lang, base64));
            }));
        } catch (Admission.QueueFullException e) {
            ctx.channel().attr(HttpHandler.CANCEL).set(null);
            kerat.recordRejection();
            error(ctx, keepAlive, 503, "queue is full");
        }
    }

    void show(ChannelHandlerContext ctx, String token, Map<String, List<String>> q, boolean keepAlive)
            throws Exception {
        Judge0Fields fields = fields(ctx, q, keepAlive);
        if (fields == null) {
            return;
        }
        Optional<Submission> s = store == null ? Optional.empty() : store.get(token);
        if (s.isEmpty() || !DIALECT.equals(s.get().dialect())) {
            error(ctx, keepAlive, 404, "submission with token " + token + " not found");
            return;
        }
        Responses.json(ctx, keepAlive, 200, service.render(s.get(), fields, base64(q)));
    }

    void delete(ChannelHandlerContext ctx, String token, Map<String, List<String>> q, boolean keepAlive)
            throws Exception {
        if (!service.options().enableSubmissionDelete()) {
            error(ctx, keepAlive, 400, "delete not allowed");
            return;
        }
        Judge0Fields fields = fields(ctx, q, keepAlive);
        if (fields == null) {
            return;
        }
        Optional<Submission> s = store == null ? Optional.empty() : store.get(token);
        if (s.isEmpty() || !DIALECT.equals(s.get().dialect())) {
            error(ctx, keepAlive, 404, "submission with token " + token + " not found");
            return;
        }
        if (!s.get().state().isFinal()) {
            Judge0Status st = s.get().state() == Submission.State.QUEUED ? Judge0Status.IN_QUEUE : Judge0Status.PROCESSING;
            error(ctx, keepAlive, 400, "submission cannot be deleted because its status is " + st.id() + " ("
                    + st.description() + ")");
            return;
        }
        Map<String, Object> body = service.render(s.get(), fields, true);
        store.delete(token);
        Responses.json(ctx, keepAlive, 200, body);
    }

    void batchCreate(ChannelHandlerContext ctx, FullHttpRequest req, Map<String, List<String>> q,
                             boolean keepAlive) throws ApiException {
        JsonNode body = body(ctx, req, keepAlive);
        if (body == null) {
            return;
        }
        JsonNode list = body.path("submissions");
        int n = list.isArray() ? list.size() : 0;
        if (n > Judge0Info.MAX_BATCH) {
            error(ctx, keepAlive, 400, "number of submissions in a batch should be less than or equal to " + Judge0Info.MAX_BATCH);
            return;
        }
        if (n == 0) {
            error(ctx, keepAlive, 400, "there should be at least one submission in a batch");
            return;
        }
        if (store == null) {
            error(ctx, keepAlive, 503, "asynchronous submissions are not available on this daemon; use wait=true");
            return;
        }
        boolean base64 = base64(q);
        List<Object> out = new ArrayList<>();
        boolean any = false;
        for (JsonNode item : list) {
            try {
                Judge0Submission s = service.validate(item, base64).submission();
                if (s.callbackUrl() != null) {
                    checkCallback(s.callbackUrl());
                }
                String token = store.accept(DIALECT, Json.mapper().writeValueAsBytes(s),
                        s.callbackUrl() == null ? null : new URI(s.callbackUrl()));
                out.add(Map.of("token", token));
                any = true;
            } catch (Judge0ValidationException e) {
                out.add(e.errors());
            } catch (AsyncSubmissions.CallbackRefused e) {
                out.add(Map.of("callback_url", List.of(e.getMessage())));
            } catch (AsyncSubmissions.QueueFull e) {
                kerat.recordRejection();
                if (!any) { // nothing of the batch stored: a 503, which a client or HAProxy may retry anywhere
                    error(ctx, keepAlive, 503, "queue is full");
                    return;
                }
                // earlier items are stored: a 503 would hide their tokens, and its retry would store them twice
                out.add(Map.of("base", List.of("queue is full")));
            } catch (Exception e) {
                out.add(Map.of("base", List.of("cannot store the submission: " + e.getMessage())));
            }
        }
        Responses.json(ctx, keepAlive, any ? 201 : 422, out);
    }

    void batchShow(ChannelHandlerContext ctx, Map<String, List<String>> q, boolean keepAlive) throws Exception {
        Judge0Fields fields = fields(ctx, q, keepAlive);
        if (fields == null) {
            return;
        }
        String param = param(q, "tokens");
        List<String> tokens = new ArrayList<>();
        for (String t : (param == null ? "" : param.trim()).split(",")) {
            if (!t.isBlank()) {
                tokens.add(t.trim());
            }
        }
        if (tokens.size() > Judge0Info.MAX_BATCH) {
            error(ctx, keepAlive, 400, "number of submissions in a batch should be less than or equal to " + Judge0Info.MAX_BATCH);
            return;
        }
        if (tokens.isEmpty()) {
            error(ctx, keepAlive, 400, "there should be at least one submission in a batch");
            return;
        }
        List<Object> out = new ArrayList<>();
        for (String t : tokens) {
            Optional<Submission> s = store == null ? Optional.empty() : store.get(t);
            out.add(s.isPresent() && DIALECT.equals(s.get().dialect()) ? service.render(s.get(), fields, base64(q)) : null);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("submissions", out);
        Responses.json(ctx, keepAlive, 200, m);
    }
}
