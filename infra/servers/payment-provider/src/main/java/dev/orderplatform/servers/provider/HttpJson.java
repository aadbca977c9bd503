package dev.orderplatform.servers.provider;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reading JSON requests and writing JSON and problem answers on the JDK HTTP server. */
final class HttpJson {

    /** Strict parsing: duplicate keys and trailing content are malformed, as they are in the services. */
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Logger LOG = LoggerFactory.getLogger(HttpJson.class);
    private static final int MAX_BODY_BYTES = 64 * 1024;

    /** What a handler does with one exchange; a {@link Problem} it throws becomes the answer. */
    @FunctionalInterface
    interface Route {
        void handle(HttpExchange exchange) throws IOException;
    }

    private HttpJson() {
    }

    /** Runs {@code route}, answering a {@link Problem} as problem+json and anything unexpected as a 500. */
    static void serve(HttpExchange exchange, Route route) {
        try {
            try {
                route.handle(exchange);
            } catch (Problem problem) {
                sendProblem(exchange, problem);
            } catch (RuntimeException | IOException unexpected) {
                LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), unexpected);
                sendProblem(exchange, new Problem(500, "internal-error", "Internal error", "the simulator failed; see its log"));
            }
        } catch (IOException | RuntimeException clientGone) {
            LOG.debug("could not answer {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), clientGone.toString());
        } finally {
            exchange.close();
        }
    }

    /** The request body as a JSON object; anything else is a 400. */
    static ObjectNode readObject(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new Problem(413, "payload-too-large", "Payload too large", "a request body is at most " + MAX_BODY_BYTES + " bytes");
        }
        if (body.length == 0) {
            throw Problem.malformed("a JSON object is required");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw Problem.malformed("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw Problem.malformed("a JSON object is required");
        }
        return (ObjectNode) node;
    }

    static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        write(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    static void sendProblem(HttpExchange exchange, Problem problem) throws IOException {
        ObjectNode body = JSON.createObjectNode()
                .put("type", problem.type())
                .put("title", problem.title())
                .put("status", problem.status())
                .put("detail", problem.detail());
        if (!problem.errors().isEmpty()) {
            ObjectNode errors = body.putObject("errors");
            problem.errors().forEach(errors::put);
        }
        write(exchange, problem.status(), "application/problem+json", JSON.writeValueAsBytes(body));
    }

    static void requireMethod(HttpExchange exchange, String method) {
        if (!exchange.getRequestMethod().equals(method)) {
            throw methodNotAllowed(exchange, method);
        }
    }

    static Problem methodNotAllowed(HttpExchange exchange, String allowed) {
        exchange.getResponseHeaders().set("Allow", allowed);
        return new Problem(405, "method-not-allowed", "Method not allowed",
                exchange.getRequestMethod() + " is not supported here; use " + allowed);
    }

    static Problem noSuchResource(HttpExchange exchange) {
        return new Problem(404, "not-found", "Not found", "no resource at " + exchange.getRequestURI().getPath());
    }

    /**
     * The path segments after {@code prefix} (the handler's context path): none for the prefix itself (with or
     * without a trailing slash). A path that only starts with the same characters (e.g. {@code /v1/paymentsX}) is a 404.
     */
    static String[] segmentsAfter(HttpExchange exchange, String prefix) {
        String rest = exchange.getRequestURI().getPath().substring(prefix.length());
        if (rest.isEmpty() || rest.equals("/")) {
            return new String[0];
        }
        if (!rest.startsWith("/")) {
            throw noSuchResource(exchange);
        }
        return rest.substring(1).split("/", -1);
    }

    /** The query parameters (decoded; the last value of a repeated name wins). */
    static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> parameters = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException badEscape) {
                throw Problem.malformed("the query string is not valid: " + badEscape.getMessage());
            }
        }
        return parameters;
    }

    private static void write(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
