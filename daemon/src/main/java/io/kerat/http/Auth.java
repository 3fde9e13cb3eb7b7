package io.kerat.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Bearer-token check for listeners that need one (TCP bound beyond loopback); health stays open. */
final class Auth {
    private final String token;

    Auth(String token) {
        this.token = token;
    }

    static Auth none() {
        return new Auth(null);
    }

    boolean allows(FullHttpRequest req, String path) {
        if (token == null || path.equals("/api/v1/health")) {
            return true;
        }
        String h = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (h != null && h.startsWith("Bearer ")) {
            return matches(h.substring(7).trim());
        }
        // Judge0's clients send the token as X-Auth-Token
        String judge0 = req.headers().get("X-Auth-Token");
        return judge0 != null && matches(judge0.trim());
    }

    private boolean matches(String given) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }
}
