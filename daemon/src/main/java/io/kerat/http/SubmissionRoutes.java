package io.kerat.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerat.Kerat;
import io.kerat.api.ApiException;
import io.kerat.api.JsonErrors;
import io.kerat.api.NativeDto;
import io.kerat.api.NativeSubmissions;
import io.kerat.api.RequestValidator;
import io.kerat.submissions.AsyncSubmissions;
import io.kerat.submissions.Submission;
import io.kerat.util.Json;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kerat's own asynchronous API: {@code POST /api/v1/submissions} (the body of {@code POST /api/v1/runs}, plus an
 * optional {@code callback_url}) answers 202 with an id; {@code GET /api/v1/submissions/{id}} its state and, once
 * done, the result; {@code DELETE} forgets a finished one. The store's writes wait for the disk (fsync), so they
 * run on a small pool of their own, never on the event loop.
 */
public final class SubmissionRoutes implements Routes {
    private static final Logger LOG = LoggerFactory.getLogger(SubmissionRoutes.class);
    static final String PREFIX = "/api/v1/submissions";
    private static final String ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    /** Store calls wait for the disk: they run here, off the event loops (shared by every dialect's routes). */
    private static final ExecutorService IO = storeThreads();

    private final AsyncSubmissions submissions;
    private final RequestValidator validator;

    /** Registers the native handler on the daemon's submissions (before they are started). */
    public SubmissionRoutes(Kerat kerat) {
        this.submissions = kerat.submissions();
        this.validator = new RequestValidator(kerat.settings(), kerat.runners());
        submissions.register(NativeSubmissions.DIALECT, new NativeSubmissions(kerat.admission(), validator));
    }

    private static ExecutorService storeThreads() {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000), r -> {
            Thread t = new Thread(r, "kerat-submissions-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, boolean keepAlive) throws Exception {
        if (path.equals(PREFIX)) {
            NativeRoutes.requireMethod(req, HttpMethod.POST);
            accept(ctx, req, keepAlive);
            return true;
        }
        if (!path.startsWith(PREFIX + "/")) {
            return false;
        }
        String id = path.substring(PREFIX.length() + 1);
        if (!id.matches(ID)) {
            throw new ApiException(404, "not_found", "no submission " + id);
        }
        if (req.method().equals(HttpMethod.GET)) {
            offload(ctx, keepAlive, () -> {
                Optional<Submission> s = submissions.get(id);
                if (s.isEmpty()) {
                    Responses.error(ctx, keepAlive, 404, "not_found", "no submission " + id + " (unknown, deleted or expired)");
                } else {
                    Responses.json(ctx, keepAlive, 200, NativeSubmissions.view(s.get()));
                }
            });
            return true;
        }
        if (req.method().equals(HttpMethod.DELETE)) {
            offload(ctx, keepAlive, () -> {
                Optional<Submission> s = submissions.get(id);
                if (s.isEmpty()) {
                    Responses.error(ctx, keepAlive, 404, "not_found", "no submission " + id);
                } else if (!submissions.delete(id)) {
                    Responses.error(ctx, keepAlive, 409, "not_finished", "submission " + id + " is "
                            + s.get().state().name().toLowerCase(java.util.Locale.ROOT) + "; delete it once it has finished");
                } else {
                    Responses.json(ctx, keepAlive, 200, Map.of("id", id, "deleted", true));
                }
            });
            return true;
        }
        throw new ApiException(405, "method_not_allowed", "use GET or DELETE here");
    }

    private void accept(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive) throws ApiException {
        JsonNode tree = NativeRoutes.parse(req, JsonNode.class);
        if (!(tree instanceof ObjectNode body)) {
            throw ApiException.badRequest("invalid_request", "the body must be a JSON object");
        }
        URI callback = callback(body.remove("callback_url"));
        NativeDto.RunRequest run;
        try {
            run = Json.mapper().treeToValue(body, NativeDto.RunRequest.class);
        } catch (Exception e) {
            throw JsonErrors.toApi(e);
        }
        validator.toDomain(run); // a bad request is a 400 now, not a failed submission later
        byte[] stored;
        try {
            stored = Json.mapper().writeValueAsBytes(body);
        } catch (Exception e) {
            throw new ApiException(500, "internal_error", "cannot store the request");
        }
        offload(ctx, keepAlive, () -> {
            try {
                String id = submissions.accept(NativeSubmissions.DIALECT, stored, callback);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("id", id);
                out.put("status", "queued");
                Responses.json(ctx, keepAlive, 202, out, Map.of("Location", PREFIX + "/" + id));
            } catch (AsyncSubmissions.QueueFull e) {
                Responses.error(ctx, keepAlive, 503, "queue_full", e.getMessage(), Map.of("Retry-After", "5"));
            } catch (AsyncSubmissions.CallbackRefused e) {
                Responses.error(ctx, keepAlive, 422, "callback_refused", e.getMessage());
            }
        });
    }

    private static URI callback(JsonNode v) throws ApiException {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ApiException(422, "callback_refused", "callback_url must be a string");
        }
        try {
            URI u = new URI(v.asText());
            if (!u.isAbsolute()) {
                throw new ApiException(422, "callback_refused", "callback_url must be an absolute http(s) URL");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new ApiException(422, "callback_refused", "callback_url is not a URL: " + e.getReason());
        }
    }

    /**
     * Runs {@code work} (store calls and the response it writes) off the event loop; an exception is a 500, too many
     * waiting calls a 503. For every dialect's asynchronous routes: {@link AsyncSubmissions}' calls block on fsync.
     */
    public static void offload(ChannelHandlerContext ctx, boolean keepAlive, Runnable work) {
        try {
            IO.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.error("submission store call failed", e);
                    Responses.error(ctx, keepAlive, 500, "internal_error", "the submission store failed");
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            Responses.error(ctx, keepAlive, 503, "busy", "too many submission requests at once; retry shortly",
                    Map.of("Retry-After", "1"));
        }
    }
}
