package dev.orderplatform.kit.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what {@link java.net.http.HttpClient} will not send or not leave alone: request
 * targets exactly as written ({@code /%61dmin}, {@code /admin;x=1}, {@code /admin/./x}), bodies that never end,
 * connections held open without reading.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** What came back: the status (0 if the server cut the connection before answering), headers and body text. */
    public record Reply(int status, Map<String, String> headers, String body) {
        public boolean cut() {
            return status == 0;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** Sends {@code method target} with {@code headers} and a body (may be empty) to {@code baseUrl}, and reads the reply. */
    public static Reply send(String baseUrl, String method, String target, Map<String, String> headers, String body) {
        return sendFrom(null, baseUrl, method, target, headers, body);
    }

    /**
     * As {@link #send}, from another local address ({@code 127.0.0.9}: any 127.x.y.z is this machine on Linux), so the
     * server sees another client address.
     */
    public static Reply sendFrom(String localAddress, String baseUrl, String method, String target, Map<String, String> headers,
                                 String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = open(localAddress, baseUrl)) {
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n")
                    .append("Host: ").append(hostOf(baseUrl)).append("\r\nConnection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            if (!method.equals("GET") || bytes.length > 0) {
                head.append("Content-Length: ").append(bytes.length).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
            } catch (IOException serverStoppedReading) {
                // the server refused the body and closed; its answer may still be readable
            }
            return readOrCut(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Streams {@code totalBytes} of {@code filler} as a body (with a Content-Length when {@code declareLength}, chunked
     * otherwise) and reads what the server answers; a server that answers early and closes cuts the upload short.
     */
    public static Reply upload(String baseUrl, String target, Map<String, String> headers, long totalBytes, boolean declareLength) {
        try (Socket socket = open(null, baseUrl)) {
            StringBuilder head = new StringBuilder("POST " + target + " HTTP/1.1\r\n")
                    .append("Host: ").append(hostOf(baseUrl)).append("\r\nConnection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append(declareLength ? "Content-Length: " + totalBytes : "Transfer-Encoding: chunked").append("\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) '7');
                for (long sent = 0; sent < totalBytes; sent += chunk.length) {
                    if (!declareLength) {
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(chunk);
                    if (!declareLength) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                }
                if (!declareLength) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (IOException serverStoppedReading) {
                // expected: the server refused the body and closed; its answer may still be readable
            }
            return readOrCut(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A connection that has sent a GET and read only the status line and headers; the caller keeps it open. */
    public record HeldStream(Socket socket, int status, Map<String, String> headers) implements AutoCloseable {
        /** The rest of the body as it came over the wire (chunk framing included), until the server ends it. */
        public String readToEnd() {
            try {
                return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }
    }

    /** Sends a GET and reads only its status line and headers, leaving the body (an event stream) unread. */
    public static HeldStream hold(String baseUrl, String target, Map<String, String> headers) {
        try {
            Socket socket = open(null, baseUrl);
            StringBuilder head = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: " + hostOf(baseUrl) + "\r\nConnection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            socket.getOutputStream().write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            int status = statusOf(line(in));
            return new HeldStream(socket, status, headers(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Socket open(String localAddress, String baseUrl) throws IOException {
        URI uri = URI.create(baseUrl);
        Socket socket = new Socket();
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(localAddress, 0));
        }
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
        socket.setSoTimeout(60_000);
        return socket;
    }

    private static String hostOf(String baseUrl) {
        URI uri = URI.create(baseUrl);
        return uri.getHost() + ":" + uri.getPort();
    }

    /** The reply, or status 0 if the server cut the connection before (or while) answering. */
    private static Reply readOrCut(Socket socket) {
        try {
            return read(socket.getInputStream());
        } catch (IOException cut) {
            return new Reply(0, Map.of(), cut.toString());
        }
    }

    private static Reply read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine.isEmpty()) {
            return new Reply(0, Map.of(), "");
        }
        Map<String, String> headers = headers(in);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else {
            body.write(in.readAllBytes());
        }
        return new Reply(statusOf(statusLine), headers, body.toString(StandardCharsets.UTF_8));
    }

    private static int statusOf(String statusLine) {
        String[] parts = statusLine.split(" ");
        return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    }

    private static Map<String, String> headers(InputStream in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return headers;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
