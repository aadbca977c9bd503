package dev.orderplatform.stack.core;

/**
 * One line of {@code ./stack status}. {@code state}: {@code ready} (running and answering its readiness
 * check), {@code starting} (running, not answering yet), {@code stopped} (not running), {@code external}
 * (provided from outside the launcher). {@code pid} is 0 when not running.
 */
public record StatusLine(String name, long pid, int port, String url, String state) {
}
