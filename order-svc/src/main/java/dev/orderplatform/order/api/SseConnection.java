package dev.orderplatform.order.api;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * One open {@code text/event-stream} response, written without ever blocking a thread (Servlet non-blocking I/O):
 * a frame is written only while the connection can take it ({@link ServletOutputStream#isReady()}); otherwise it
 * waits in this connection's own queue until the container says the client has read ({@link #onWritePossible()}).
 * So a client that stops reading holds up nobody else: its frames pile up here, and it is {@link #dropIfStalled()
 * dropped} if it still has not read them by the next heartbeat, or as soon as more than {@link #MAX_PENDING_BYTES}
 * are waiting.
 *
 * <p>Hand-written because Spring's {@code SseEmitter} writes through the blocking output stream: one stalled reader
 * blocked the single thread that wrote every stream's heartbeats.
 */
final class SseConnection implements WriteListener, AsyncListener {

    /** Frames a client may leave unread before it is cut off: an order's whole life is a few kilobytes. */
    static final int MAX_PENDING_BYTES = 64 * 1024;

    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final Consumer<SseConnection> onClosed;
    private final Deque<byte[]> pending = new ArrayDeque<>();
    private int pendingBytes;
    private boolean unflushed;
    /** Frames were waiting at the last heartbeat: if they still are at the next one, the reader has stalled. */
    private boolean behindAtLastHeartbeat;
    private boolean endWhenWritten;
    private boolean closed;

    /**
     * @param onClosed told once, whenever and however the connection ends (finished, dropped, timed out, gone)
     */
    SseConnection(AsyncContext async, ServletOutputStream out, Consumer<SseConnection> onClosed) {
        this.async = async;
        this.out = out;
        this.onClosed = onClosed;
        async.addListener(this);
        out.setWriteListener(this);
    }

    /** Sends an event (SSE {@code id}, {@code event} and one {@code data} line). */
    synchronized void send(String id, String event, String json) {
        enqueue(("id: " + id + "\nevent: " + event + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A heartbeat comment — unless the reader has not taken what was sent before the last heartbeat, in which case
     * it has stalled and is dropped.
     */
    synchronized void heartbeat() {
        if (closed || dropIfStalled()) {
            return;
        }
        enqueue(HEARTBEAT);
    }

    /** Ends the stream once everything queued has been written (a terminal status was sent). */
    synchronized void endAfterWritten() {
        endWhenWritten = true;
        write();
    }

    synchronized boolean closed() {
        return closed;
    }

    /** Drops a reader that has left frames unread since the previous heartbeat; whether it did. */
    synchronized boolean dropIfStalled() {
        if (!pending.isEmpty() && behindAtLastHeartbeat) {
            close();
            return true;
        }
        behindAtLastHeartbeat = !pending.isEmpty();
        return false;
    }

    private void enqueue(byte[] frame) {
        if (closed) {
            return;
        }
        pending.add(frame);
        pendingBytes += frame.length;
        if (pendingBytes > MAX_PENDING_BYTES) {
            close();
            return;
        }
        write();
    }

    /** Writes what the connection takes now, without waiting; the container calls back when it takes more. */
    private void write() {
        try {
            while (!closed && out.isReady()) {
                byte[] frame = pending.poll();
                if (frame != null) {
                    pendingBytes -= frame.length;
                    out.write(frame);
                    unflushed = true;
                } else if (unflushed) {
                    unflushed = false;
                    out.flush();
                } else {
                    if (endWhenWritten) {
                        close();
                    }
                    return;
                }
            }
        } catch (IOException | IllegalStateException gone) {
            close();
        }
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending.clear();
        pendingBytes = 0;
        try {
            async.complete();
        } catch (IllegalStateException alreadyEnded) {
            // the container ended it first (timeout, client gone)
        }
        onClosed.accept(this);
    }

    @Override
    public synchronized void onWritePossible() {
        write();
    }

    @Override
    public synchronized void onError(Throwable failure) {
        close();
    }

    @Override
    public synchronized void onTimeout(AsyncEvent event) {
        close();
    }

    @Override
    public synchronized void onError(AsyncEvent event) {
        close();
    }

    @Override
    public synchronized void onComplete(AsyncEvent event) {
        if (!closed) {
            closed = true;
            onClosed.accept(this);
        }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
