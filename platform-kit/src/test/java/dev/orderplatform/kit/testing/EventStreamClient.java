package dev.orderplatform.kit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A server-sent-events client as a browser's EventSource reads a stream of docs/api.md (orders, purchases). */
public final class EventStreamClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One server-sent event, or a comment line (heartbeat) when {@code name} is null. */
    public record Sse(String name, String id, String data) {
        public JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * Reads the whole stream at {@code url} (until the server ends it): events and heartbeat comments, in order.
     * {@code connected} runs once the server answered 200 with an event stream.
     */
    public List<Sse> readAll(String url, String lastEventId, Runnable connected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(120)).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            connected.run();
            List<Sse> seen = new ArrayList<>();
            String name = null;
            String id = null;
            StringBuilder payload = new StringBuilder();
            for (String line : (Iterable<String>) response.body()::iterator) {
                if (line.startsWith(":")) {
                    seen.add(new Sse(null, null, line.substring(1)));
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    payload.append(line.substring(5));
                } else if (line.isEmpty() && name != null) {
                    seen.add(new Sse(name, id, payload.toString()));
                    name = null;
                    id = null;
                    payload.setLength(0);
                }
            }
            return seen;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The events of a stream, without the heartbeat comments. */
    public static List<Sse> events(List<Sse> stream) {
        return stream.stream().filter(sse -> sse.name() != null).toList();
    }
}
