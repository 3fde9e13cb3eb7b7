package io.kerat.http;

import io.kerat.Kerat;
import io.kerat.api.ApiException;
import io.kerat.api.JsonErrors;
import io.kerat.api.NativeDto;
import io.kerat.api.RequestValidator;
import io.kerat.execution.Admission;
import io.kerat.execution.ExecutionException;
import io.kerat.execution.ExecutionRequest;
import io.kerat.execution.ExecutionResult;
import io.kerat.image.RuntimeVersions;
import io.kerat.runner.RunnerDef;
import io.kerat.sandbox.CancelToken;
import io.kerat.util.Json;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/** The native dialect: health, runtimes and runs under /api/v1. */
public final class NativeRoutes implements Routes {
    private static final Logger LOG = LoggerFactory.getLogger(NativeRoutes.class);

    private final Kerat kerat;
    private final RequestValidator validator;

    public NativeRoutes(Kerat kerat) {
        this.kerat = kerat;
        this.validator = new RequestValidator(kerat.settings(), kerat.runners());
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, boolean keepAlive) throws Exception {
        switch (path) {
            case "/api/v1/health" -> {
                requireMethod(req, HttpMethod.GET);
                Map<String, Object> h = new LinkedHashMap<>();
                // a stopping daemon (SIGTERM) says so, and a load balancer's HTTP check takes it out (docs/HAPROXY.md)
                boolean draining = kerat.admission().draining();
                h.put("status", draining ? "draining" : "ok");
                h.put("active", kerat.admission().active());
                h.put("queued", kerat.admission().queued());
                Responses.json(ctx, keepAlive, draining ? 503 : 200, h);
                return true;
            }
            case "/api/v1/runtimes" -> {
                requireMethod(req, HttpMethod.GET);
                Responses.json(ctx, keepAlive, 200, runtimes());
                return true;
            }
            case "/api/v1/runs" -> {
                requireMethod(req, HttpMethod.POST);
                NativeDto.RunRequest body = parse(req, NativeDto.RunRequest.class);
                ExecutionRequest domain = validator.toDomain(body);
                submit(ctx, keepAlive, domain, r -> r);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** One entry per installed version of each language (default first), and one "not installed" per language without. */
    public List<NativeDto.Runtime> runtimes() {
        List<NativeDto.Runtime> out = new ArrayList<>();
        for (RunnerDef r : kerat.runners().all()) {
            RuntimeVersions versions = kerat.images().versions(r.image(),
                    kerat.settings().defaultVersions().get(r.language()));
            if (versions.isEmpty()) {
                out.add(new NativeDto.Runtime(r.language(), "not installed", r.aliases(), false, false));
                continue;
            }
            List<RuntimeVersions.Installed> list = new ArrayList<>(versions.installed());
            list.sort((a, b) -> Boolean.compare(b.isDefault(), a.isDefault()));
            for (RuntimeVersions.Installed i : list) {
                out.add(new NativeDto.Runtime(r.language(), i.version(), r.aliases(), true, i.isDefault()));
            }
        }
        return out;
    }

    static void requireMethod(FullHttpRequest req, HttpMethod m) throws ApiException {
        if (!req.method().equals(m)) {
            throw new ApiException(405, "method_not_allowed", "use " + m + " here");
        }
    }

    /** Reads the body as {@code type} with the strict mapper; every failure is a 400 naming the field. */
    public static <T> T parse(FullHttpRequest req, Class<T> type) throws ApiException {
        if (req.content().readableBytes() == 0) {
            throw ApiException.badRequest("invalid_json", "the body is empty; send a JSON object");
        }
        try (InputStream in = new ByteBufInputStream(req.content().duplicate())) {
            T v = Json.mapper().readValue(in, type);
            if (v == null) {
                throw ApiException.badRequest("invalid_request", "the body must be a JSON object");
            }
            return v;
        } catch (ApiException e) {
            throw e;
        } catch (Exception e) {
            throw JsonErrors.toApi(e);
        }
    }

    /**
     * Queues a domain request and answers when it completes, translating the result with {@code translate}.
     * Shared by every dialect; a closed connection cancels the work.
     */
    public static void submit(Kerat kerat, ChannelHandlerContext ctx, boolean keepAlive, ExecutionRequest domain,
                              Function<ExecutionResult, Object> translate) {
        CancelToken cancel = new CancelToken();
        ctx.channel().attr(HttpHandler.CANCEL).set(cancel);
        CompletableFuture<ExecutionResult> f;
        try {
            f = kerat.admission().submit(domain, cancel);
        } catch (Admission.QueueFullException e) {
            ctx.channel().attr(HttpHandler.CANCEL).set(null);
            kerat.recordRejection();
            Responses.error(ctx, keepAlive, 503, "queue_full", e.getMessage(), Map.of("Retry-After", "1"));
            return;
        }
        f.whenComplete((result, err) -> ctx.executor().execute(() -> {
            ctx.channel().attr(HttpHandler.CANCEL).compareAndSet(cancel, null);
            if (err == null) {
                Object body;
                try {
                    body = translate.apply(result);
                } catch (RuntimeException e) {
                    LOG.error("cannot translate result", e);
                    Responses.error(ctx, keepAlive, 500, "internal_error", "cannot translate the result");
                    return;
                }
                Responses.json(ctx, keepAlive, 200, body);
                return;
            }
            Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (t instanceof CancellationException) {
                return; // the client is gone
            }
            if (t instanceof ExecutionException ee) {
                switch (ee.kind()) {
                    case BAD_REQUEST -> Responses.error(ctx, keepAlive, 400,
                            ee.code() != null ? ee.code() : "invalid_request", ee.getMessage());
                    case UNAVAILABLE -> Responses.error(ctx, keepAlive, 503, "unavailable", ee.getMessage(),
                            Map.of("Retry-After", "30"));
                    default -> {
                        LOG.error("execution failed", ee);
                        Responses.error(ctx, keepAlive, 500, "internal_error", ee.getMessage());
                    }
                }
                return;
            }
            LOG.error("execution failed", t);
            Responses.error(ctx, keepAlive, 500, "internal_error", "unexpected error: " + t);
        }));
    }

    private void submit(ChannelHandlerContext ctx, boolean keepAlive, ExecutionRequest domain,
                        Function<ExecutionResult, Object> translate) {
        submit(kerat, ctx, keepAlive, domain, translate);
    }
}
