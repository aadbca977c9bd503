package dev.orderplatform.stack.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/** Protocol-level readiness checks, each answering within about two seconds. */
public final class Probes {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Probes() {
    }

    public static boolean tcp(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** GET {@code url}; the body when the answer is 200, else null. */
    public static String httpGet(String url) {
        return bodyIf200(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET());
    }

    /** POST {@code form} (URL-encoded) to {@code url}; the body when the answer is 200, else null. */
    public static String httpPostForm(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return bodyIf200(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String bodyIf200(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** {@code SELECT 1} over JDBC. */
    public static boolean sql(String jdbcUrl, String user, String password) {
        DriverManager.setLoginTimeout((int) TIMEOUT.toSeconds());
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT 1")) {
            return result.next() && result.getInt(1) == 1;
        } catch (Exception e) {
            return false;
        }
    }

    /** The Mongo {@code ping} command. */
    public static boolean mongo(String uri) {
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout((int) TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .build();
        try (MongoClient client = MongoClients.create(settings)) {
            Document answer = client.getDatabase("admin").runCommand(new Document("ping", 1));
            return answer.get("ok", Number.class).doubleValue() == 1.0;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Redis {@code PING} → {@code +PONG}, sent as an inline command. One fixed request and reply are all this
     * needs; a Redis client library would add a dependency for nothing.
     */
    public static boolean redis(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether Nacos lists a healthy instance of {@code service} (optionally at {@code port}). */
    public static boolean nacosHasInstance(String nacosAddr, String accessToken, String group, String service, int port) {
        String url = "http://" + nacosAddr + "/nacos/v1/ns/instance/list?serviceName="
                + URLEncoder.encode(service, StandardCharsets.UTF_8) + "&groupName=" + URLEncoder.encode(group, StandardCharsets.UTF_8)
                + "&healthyOnly=true" + (accessToken == null ? "" : "&accessToken=" + URLEncoder.encode(accessToken, StandardCharsets.UTF_8));
        String body = httpGet(url);
        if (body == null) {
            return false;
        }
        try {
            for (JsonNode host : JSON.readTree(body).path("hosts")) {
                if (port <= 0 || host.path("port").asInt() == port) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
