package dev.orderplatform.stack.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** How to start one OS process: its command line, extra environment and working directory. */
public record ProcessSpec(List<String> command, Map<String, String> environment, Path workingDirectory) {

    public ProcessSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }
}
