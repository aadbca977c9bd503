package dev.orderplatform.kit.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Bounds every request body before it is buffered: a declared {@code Content-Length} over the limit is answered 413 at
 * once, without reading a byte (and the connection is closed, so the rest is never read either); a body without a
 * length (chunked) is counted as it is read and the read fails as soon as it passes the limit, which the error
 * handling answers with the same 413. Without this, a signed-callback endpoint would read a 300 MB body into memory
 * before it could check the signature (it did: the process ran out of memory).
 *
 * <p>Hand-written because Tomcat bounds only form posts ({@code max-http-form-post-size}) and what it swallows after
 * an error, not the bodies an application reads itself.
 */
public class RequestBodyLimit extends OncePerRequestFilter {

    /**
     * {@code platform.http.body-limits}: {@code default} for every endpoint, and tighter (or looser) limits by Spring
     * path pattern, e.g. {@code "[/api/payments/callback]": 16KB}.
     */
    @ConfigurationProperties("platform.http")
    public record Settings(DataSize maxBody, Map<String, DataSize> bodyLimits) {
        public Settings {
            maxBody = maxBody == null ? DataSize.ofKilobytes(64) : maxBody;
            bodyLimits = bodyLimits == null ? Map.of() : new LinkedHashMap<>(bodyLimits);
        }
    }

    private final long defaultLimit;
    private final Map<PathPattern, Long> limits = new LinkedHashMap<>();

    public RequestBodyLimit(Settings settings) {
        this.defaultLimit = settings.maxBody().toBytes();
        settings.bodyLimits().forEach((pattern, size) -> limits.put(PathPatternParser.defaultInstance.parse(pattern), size.toBytes()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limitFor(request);
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            response.setHeader("Connection", "close");
            ProblemResponses.write(request, response, HttpStatus.PAYLOAD_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE, "Payload too large",
                    "This endpoint accepts bodies of at most " + limit + " bytes; this one declares " + declared + ". Nothing was read.");
            return;
        }
        chain.doFilter(new Limited(request, limit), response);
    }

    long limitFor(HttpServletRequest request) {
        PathContainer path = PathContainer.parsePath(request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo()));
        return limits.entrySet().stream().filter(entry -> entry.getKey().matches(path)).map(Map.Entry::getValue)
                .findFirst().orElse(defaultLimit);
    }

    /** Thrown while reading a body that turned out longer than its endpoint's limit; answered 413. */
    public static class BodyTooLargeException extends IOException {
        public BodyTooLargeException(long limit) {
            super("the request body is longer than " + limit + " bytes");
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            Charset charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8 : Charset.forName(getCharacterEncoding());
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        CountingStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
