package io.kerat.http;

import io.kerat.Kerat;
import io.kerat.api.CodeRacerDialect;
import io.kerat.api.KeratDialect;
import io.kerat.api.RequestValidator;
import io.kerat.execution.ExecutionRequest;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The two legacy dialects (Kerat's /submit, Code Racer's /api/v1/execute) and the OpenAPI document. */
public final class DialectRoutes implements Routes {
    private final Kerat kerat;
    private final RequestValidator validator;
    private final String openapi;

    public DialectRoutes(Kerat kerat) {
        this.kerat = kerat;
        this.validator = new RequestValidator(kerat.settings(), kerat.runners());
        this.openapi = resource("/openapi.json");
    }

    private static String resource(String name) {
        try (InputStream in = DialectRoutes.class.getResourceAsStream(name)) {
            return in == null ? "{}" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "{}";
        }
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, boolean keepAlive) throws Exception {
        switch (path) {
            case "/submit" -> {
                NativeRoutes.requireMethod(req, HttpMethod.POST);
                KeratDialect.SubmitRequest body = NativeRoutes.parse(req, KeratDialect.SubmitRequest.class);
                ExecutionRequest domain = validator.toDomain(KeratDialect.toNative(body));
                NativeRoutes.submit(kerat, ctx, keepAlive, domain, KeratDialect::fromResult);
                return true;
            }
            case "/api/v1/execute" -> {
                NativeRoutes.requireMethod(req, HttpMethod.POST);
                CodeRacerDialect.ExecuteRequest body = NativeRoutes.parse(req, CodeRacerDialect.ExecuteRequest.class);
                ExecutionRequest domain = validator.toDomain(CodeRacerDialect.toNative(body));
                NativeRoutes.submit(kerat, ctx, keepAlive, domain, CodeRacerDialect::fromResult);
                return true;
            }
            case "/api/v1/openapi.json" -> {
                NativeRoutes.requireMethod(req, HttpMethod.GET);
                Responses.text(ctx, keepAlive, 200, "application/json", openapi);
                return true;
            }
            default -> {
                return false;
            }
        }
    }
}
