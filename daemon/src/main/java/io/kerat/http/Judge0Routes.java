package io.kerat.http;

import io.kerat.Kerat;
import io.kerat.api.ApiException;
import io.kerat.api.judge0.Judge0Info;
import io.kerat.api.judge0.Judge0Language;
import io.kerat.api.judge0.Judge0Options;
import io.kerat.api.judge0.Judge0Status;
import io.kerat.submissions.AsyncSubmissions;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judge0 CE 1.13's API: {@code /languages}, {@code /statuses}, {@code /about}, {@code /config_info},
 * {@code /system_info}, {@code /workers} and {@code /submissions} (single, batch, wait or not). Errors are Judge0's:
 * 422 {@code {"field": ["message"]}} for a refused submission, {@code {"error": "..."}} otherwise.
 */
public final class Judge0Routes implements Routes {
    private final Kerat kerat;
    private final Judge0Service service;
    private final AsyncSubmissions store;
    private final Judge0SubmissionEndpoints submissions;

    /**
     * @param store the asynchronous store (this dialect registers its handler with it: build before it starts), or
     *              null: then only {@code wait=true} submissions are served
     */
    public Judge0Routes(Kerat kerat, Judge0Options options, AsyncSubmissions store) {
        this.kerat = kerat;
        this.service = new Judge0Service(kerat, options);
        this.store = store;
        this.submissions = new Judge0SubmissionEndpoints(kerat, service, store);
        if (store != null) {
            store.register(DIALECT, service); // before the store starts (AllRoutes)
        }
    }

    public static final String DIALECT = Judge0Service.DIALECT;

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, boolean keepAlive) throws Exception {
        Map<String, List<String>> q = new QueryStringDecoder(req.uri()).parameters();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        switch (path) {
            case "/languages", "/languages/all" -> {
                NativeRoutes.requireMethod(req, HttpMethod.GET);
                List<Map<String, Object>> out = new ArrayList<>();
                for (Judge0Language l : service.languages().all()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", l.id());
                    m.put("name", l.name());
                    if (path.equals("/languages/all")) {
                        m.put("is_archived", false);
                    }
                    out.add(m);
                }
                Responses.json(ctx, keepAlive, 200, out);
                return true;
            }
            case "/statuses" -> {
                NativeRoutes.requireMethod(req, HttpMethod.GET);
                List<Map<String, Object>> out = new ArrayList<>();
                for (Judge0Status s : Judge0Status.values()) {
                    out.add(s.wire());
                }
                Responses.json(ctx, keepAlive, 200, out);
                return true;
            }
            case "/about" -> get(ctx, req, keepAlive, Judge0Info.about());
            case "/config_info" -> get(ctx, req, keepAlive,
                    Judge0Info.configInfo(kerat.settings(), service.options(), store != null));
            case "/system_info" -> get(ctx, req, keepAlive, Judge0Info.systemInfo(kerat.settings()));
            case "/workers" -> {
                Map<String, Object> w = new LinkedHashMap<>();
                w.put("queue", "kerat");
                w.put("size", kerat.admission().queued());
                w.put("available", kerat.settings().concurrency());
                w.put("idle", Math.max(0, kerat.settings().concurrency() - kerat.admission().active()));
                w.put("working", kerat.admission().active());
                w.put("paused", 0);
                w.put("failed", 0);
                get(ctx, req, keepAlive, List.of(w));
            }
            case "/submissions" -> {
                if (req.method().equals(HttpMethod.POST)) {
                    submissions.create(ctx, req, q, keepAlive);
                } else {
                    NativeRoutes.requireMethod(req, HttpMethod.GET);
                    error(ctx, keepAlive, 400, "listing submissions is not supported by Kerat; "
                            + "GET /submissions/{token} or /submissions/batch?tokens=...");
                }
            }
            case "/submissions/batch" -> {
                if (req.method().equals(HttpMethod.POST)) {
                    submissions.batchCreate(ctx, req, q, keepAlive);
                } else {
                    NativeRoutes.requireMethod(req, HttpMethod.GET);
                    submissions.batchShow(ctx, q, keepAlive);
                }
            }
            default -> {
                if (path.startsWith("/languages/")) {
                    NativeRoutes.requireMethod(req, HttpMethod.GET);
                    language(ctx, path.substring("/languages/".length()), keepAlive);
                    return true;
                }
                if (path.startsWith("/submissions/") && path.indexOf('/', "/submissions/".length()) < 0) {
                    String token = path.substring("/submissions/".length());
                    if (req.method().equals(HttpMethod.DELETE)) {
                        submissions.delete(ctx, token, q, keepAlive);
                    } else {
                        NativeRoutes.requireMethod(req, HttpMethod.GET);
                        submissions.show(ctx, token, q, keepAlive);
                    }
                    return true;
                }
                return false;
            }
        }
        return true;
    }

    private static void get(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive, Object body)
            throws ApiException {
        NativeRoutes.requireMethod(req, HttpMethod.GET);
        Responses.json(ctx, keepAlive, 200, body);
    }

    static void error(ChannelHandlerContext ctx, boolean keepAlive, int status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        Responses.json(ctx, keepAlive, status, m);
    }

    private void language(ChannelHandlerContext ctx, String id, boolean keepAlive) {
        Optional<Judge0Language> l = id.matches("[0-9]{1,9}")
                ? service.languages().byId(Integer.parseInt(id)) : Optional.empty();
        if (l.isEmpty()) {
            error(ctx, keepAlive, 404, "language with id " + id + " doesn't exist");
            return;
        }
        Judge0Language lang = l.get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", lang.id());
        m.put("name", lang.name());
        m.put("is_archived", false);
        m.put("source_file", lang.sourceFile());
        m.put("compile_cmd", lang.compileCmd());
        m.put("run_cmd", lang.runCmd());
        Responses.json(ctx, keepAlive, 200, m);
    }

}
