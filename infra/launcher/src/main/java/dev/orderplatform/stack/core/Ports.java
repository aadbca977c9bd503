package dev.orderplatform.stack.core;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Is a port free, and if not, which process holds it. */
public final class Ports {

    private Ports() {
    }

    public static boolean free(int port) {
        // a server binding 0.0.0.0 or 127.0.0.1 conflicts with either, so try both
        return canBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)) && canBind(new InetSocketAddress(port));
    }

    private static boolean canBind(InetSocketAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    /**
     * The process listening on {@code port}, as "pid 1234 (java -jar …)", read from /proc on Linux;
     * "an unknown process" elsewhere or when /proc does not tell.
     */
    public static String holder(int port) {
        return listeningInode(port).flatMap(Ports::processOwning).orElse("an unknown process");
    }

    private static Optional<String> listeningInode(int port) {
        String hexPort = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] fields = line.trim().split("\\s+");
                    // fields: sl local_address rem_address st ... inode(9)
                    if (fields.length > 9 && fields[1].endsWith(hexPort) && fields[3].equals("0A")) {
                        return Optional.of(fields[9]);
                    }
                }
            } catch (IOException | RuntimeException notLinux) {
                // fall through
            }
        }
        return Optional.empty();
    }

    private static Optional<String> processOwning(String inode) {
        String socket = "socket:[" + inode + "]";
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) processes.filter(p -> p.getFileName().toString().matches("\\d+"))::iterator) {
                try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
                    boolean owns = fds.anyMatch(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).toString().equals(socket);
                        } catch (IOException e) {
                            return false;
                        }
                    });
                    if (owns) {
                        String cmd = new String(Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' ').trim();
                        if (cmd.length() > 120) {
                            cmd = cmd.substring(0, 117) + "...";
                        }
                        return Optional.of("pid " + proc.getFileName() + " (" + cmd + ")");
                    }
                } catch (IOException | RuntimeException noAccess) {
                    // not ours to read
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
