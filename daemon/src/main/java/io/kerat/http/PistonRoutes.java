package io.kerat.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerat.Kerat;
import io.kerat.api.ApiException;
import io.kerat.api.RequestValidator;
import io.kerat.api.piston.PistonDto;
import io.kerat.api.piston.PistonNames;
import io.kerat.api.piston.PistonOutput;
import io.kerat.api.piston.PistonRequests;
import io.kerat.api.piston.PistonResults;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * Piston's v2 API: {@code GET /api/v2/runtimes}, {@code POST /api/v2/execute} (also under {@code /api/v2/piston/},
 * the paths of the public instance that older clients use) and the WebSocket {@code GET /api/v2/connect}
 * ({@link PistonSocket}). Errors are Piston's: a status and {@code {"message": ...}}. The body is read as JSON
 * whatever its Content-Type says ({@code piston-client} sends {@code text/plain}).
 */
public final class PistonRoutes implements Routes {
    private static final Logger LOG = LoggerFactory.getLogger(PistonRoutes.class);

    private final Kerat kerat;
    private final RequestValidator validator;

    public PistonRoutes(Kerat kerat) {
        this.kerat = kerat;
        this.validator = new RequestValidator(kerat.settings(), kerat.runners());
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, boolean keepAlive) {
        switch (path) {
            case "/api/v2/runtimes", "/api/v2/piston/runtimes" -> {
                if (!req.method().equals(HttpMethod.GET)) {
                    message(ctx, keepAlive, 405, "use GET here");
                    return true;
                }
                List<PistonDto.Runtime> out = new ArrayList<>();
                for (PistonRequests.Installed i : installed()) {
                    out.add(i.piston());
                }
                Responses.json(ctx, keepAlive, 200, out);
                return true;
            }
            case "/api/v2/execute", "/api/v2/piston/execute" -> {
                if (!req.method().equals(HttpMethod.POST)) {
                    message(ctx, keepAlive, 405, "use POST here");
                    return true;
                }
                try {
                    execute(ctx, keepAlive, parse(req));
                } catch (ApiException e) {
                    message(ctx, keepAlive, e.httpStatus(), e.getMessage());
                }
                return true;
            }
            case "/api/v2/connect", "/api/v2/piston/connect" -> {
                PistonSocket.upgrade(ctx, req, this);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    static void message(ChannelHandlerContext ctx, boolean keepAlive, int status, String message) {
        Responses.json(ctx, keepAlive, status, new PistonDto.Message(message));
    }

    Kerat kerat() {
        return kerat;
    }

    /** One entry per installed version of each language, Piston's names first, newest version first. */
    List<PistonRequests.Installed> installed() {
        List<PistonRequests.Installed> out = new ArrayList<>();
        for (RunnerDef r : kerat.runners().all()) {
            RuntimeVersions versions = kerat.images().versions(r.image(),
                    kerat.settings().defaultVersions().get(r.language()));
            PistonNames.Name n = PistonNames.of(r.language(), r.aliases());
            String ext = r.extensions() == null || r.extensions().isEmpty() ? null : r.extensions().get(0);
            for (RuntimeVersions.Installed i : versions.installed()) {
                out.add(new PistonRequests.Installed(r.language(),
                        new PistonDto.Runtime(n.language(), i.version(), n.aliases(), n.runtime()), ext));
            }
        }
        return out;
    }

    /** Reads the body as JSON, whatever the Content-Type; Piston's words for a body that is not JSON. */
    static JsonNode parse(FullHttpRequest req) throws ApiException {
        if (req.content().readableBytes() == 0) {
            throw ApiException.badRequest("piston", "the body is empty; send a JSON object");
        }
        try (InputStream in = new ByteBufInputStream(req.content().duplicate())) {
            return Json.mapper().readTree(in);
        } catch (Exception e) {
            throw ApiException.badRequest("piston", "the body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Checks a Piston body and turns it into a domain request (stdin as Piston gives it, or none for sessions). */
    PistonRequests.Parsed check(JsonNode body, boolean session) throws ApiException {
        return PistonRequests.parse(body, installed(),
                (language, stage) -> kerat.settings().limitsFor(language, stage).maximum(), session);
    }

    ExecutionRequest toDomain(PistonRequests.Parsed p) throws ApiException {
        return validator.toDomain(p.request());
    }

    private void execute(ChannelHandlerContext ctx, boolean keepAlive, JsonNode body) throws ApiException {
        PistonRequests.Parsed p = check(body, false);
        PistonOutput output = new PistonOutput();
        ExecutionRequest domain = toDomain(p).withStreams(output);
        String language = p.runtime().piston().language();
        CancelToken cancel = new CancelToken();
        ctx.channel().attr(HttpHandler.CANCEL).set(cancel);
        java.util.concurrent.CompletableFuture<ExecutionResult> f;
        try {
            f = kerat.admission().submit(domain, cancel);
        } catch (Admission.QueueFullException e) {
            ctx.channel().attr(HttpHandler.CANCEL).set(null);
            kerat.recordRejection();
            Responses.json(ctx, keepAlive, 503, new PistonDto.Message(e.getMessage()), Map.of("Retry-After", "1"));
            return;
        }
        f.whenComplete((result, err) -> ctx.executor().execute(() -> {
            ctx.channel().attr(HttpHandler.CANCEL).compareAndSet(cancel, null);
            if (err == null) {
                Object answer;
                try {
                    answer = PistonResults.fromResult(result, language, output);
                } catch (RuntimeException e) {
                    LOG.error("cannot translate result", e);
                    message(ctx, keepAlive, 500, "cannot translate the result");
                    return;
                }
                Responses.json(ctx, keepAlive, 200, answer);
                return;
            }
            Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (t instanceof CancellationException) {
                return;
            }
            int status = 500;
            if (t instanceof ExecutionException ee) {
                status = switch (ee.kind()) {
                    case BAD_REQUEST -> 400;
                    case UNAVAILABLE -> 503;
                    default -> 500;
                };
            }
            if (status == 500) {
                LOG.error("execution failed", t);
            }
            message(ctx, keepAlive, status, t.getMessage() == null ? t.toString() : t.getMessage());
        }));
    }
}
