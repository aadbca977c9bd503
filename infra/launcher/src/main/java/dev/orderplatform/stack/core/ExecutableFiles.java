package dev.orderplatform.stack.core;

import java.io.IOException;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps the launcher's threads from making a binary unrunnable. Linux refuses to run a file that any process holds
 * open for writing ("Text file busy"), and a process this JVM starts holds, until it has exec'd, every descriptor the
 * JVM had open — so while one thread wrote the Redis binary, a server another thread started at that moment could hold
 * it open and Redis failed to start (seen on a fresh {@code ./stack bench --fresh}). Files that will be run are
 * written under the write lock and processes are started under the read lock: starts still run in parallel with each
 * other, never while such a file is open. {@link ProcessBuilder#start()} returns once the child has exec'd, so the
 * read lock covers the whole window.
 */
public final class ExecutableFiles {

    private static final ReadWriteLock LOCK = new ReentrantReadWriteLock();

    /** Writing a file that will be run. */
    public interface Writing<T> {
        T write() throws IOException;
    }

    private ExecutableFiles() {
    }

    /** Writes a file that will be run, while no process is being started. */
    public static <T> T write(Writing<T> writing) throws IOException {
        LOCK.writeLock().lock();
        try {
            return writing.write();
        } finally {
            LOCK.writeLock().unlock();
        }
    }

    /** Starts a process, while no file that will be run is open for writing. */
    public static Process start(ProcessBuilder builder) throws IOException {
        LOCK.readLock().lock();
        try {
            return builder.start();
        } finally {
            LOCK.readLock().unlock();
        }
    }
}
