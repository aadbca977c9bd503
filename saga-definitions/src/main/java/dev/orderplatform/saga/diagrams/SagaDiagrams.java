package dev.orderplatform.saga.diagrams;

import io.seata.saga.statelang.domain.ChoiceState;
import io.seata.saga.statelang.domain.CompensationTriggerState;
import io.seata.saga.statelang.domain.FailEndState;
import io.seata.saga.statelang.domain.ScriptTaskState;
import io.seata.saga.statelang.domain.ServiceTaskState;
import io.seata.saga.statelang.domain.State;
import io.seata.saga.statelang.domain.StateMachine;
import io.seata.saga.statelang.domain.SubStateMachine;
import io.seata.saga.statelang.domain.SucceedEndState;
import io.seata.saga.statelang.domain.TaskState;
import io.seata.saga.statelang.parser.StateMachineParserFactory;
import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;
import net.sourceforge.plantuml.error.PSystemError;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Renders Seata Saga state machines (Seata's JSON state language) to SVG state diagrams.
 *
 * <p>Each definition is parsed with Seata's own parser (the one order-svc's engine uses), walked state by state
 * and written as a PlantUML state diagram, laid out by Smetana (PlantUML's pure-Java port of Graphviz, so no
 * {@code dot} binary is needed):
 * <ul>
 *   <li>{@code [*]} points at the {@code StartState}; Succeed and Fail states point at {@code [*]};</li>
 *   <li>{@code Next} is a plain arrow, a {@code Catch} an arrow labelled {@code catch <exception>}, a Choice a
 *       diamond whose arrows carry their expression (and {@code default});</li>
 *   <li>a {@code CompensateState} is a dashed arrow labelled {@code compensate} from the forward step to the
 *       step that undoes it; compensation steps are drawn orange, the CompensationTrigger red;</li>
 *   <li>each ServiceTask shows its {@code Comment}, its {@code ServiceName.ServiceMethod} and its
 *       {@code Retry} (largest {@code MaxAttempts}, exceptions retried).</li>
 * </ul>
 *
 * <p>The same JSON gives a byte-identical SVG: states are declared in a fixed order, PlantUML writes no time,
 * random id or path, and its metadata (the embedded diagram source) is left out. The output does depend on the
 * PlantUML version (pinned in the root pom) and on the fonts AWT measures text with, so a build on a machine
 * with other fonts may redraw the files (the project's build machines are all of one kind).
 *
 * <p>Run by the build in {@code process-classes} (see {@code saga-definitions/pom.xml}):
 * {@code SagaDiagrams <dir with *.json> <output dir>} writes {@code <output dir>/<name>.svg} for each
 * {@code <name>.json}, leaves an unchanged file untouched and deletes an SVG whose JSON is gone.
 */
public final class SagaDiagrams {

    private static final System.Logger LOG = System.getLogger(SagaDiagrams.class.getName());

    /** Seata's JSON parser, by name: the one order-svc's engine uses ({@code saga-json-parser: jackson}). */
    static final String JSON_PARSER = "jackson";

    private static final int WRAP_AT = 44;
    private static final String MARKUP = "*/\"-_~<>[]\\&|=^#";

    private static final String COMPENSATION_COLOUR = "#FFF1E0";
    private static final String TRIGGER_COLOUR = "#FFD9D9";
    private static final String SUCCEED_COLOUR = "#DFF5E1";
    private static final String FAIL_COLOUR = "#FFD9D9";
    private static final String COMPENSATE_ARROW = "-[#D9822B,dashed]->";
    private static final String CATCH_ARROW = "-[#B03A2E]->";

    private SagaDiagrams() {
    }

    /**
     * {@code args[0]}: the directory holding the {@code *.json} definitions; {@code args[1]}: where the
     * {@code *.svg} go (created if missing).
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: SagaDiagrams <definitions dir> <output dir>");
        }
        renderAll(Path.of(args[0]), Path.of(args[1]));
    }

    /**
     * Renders every {@code *.json} of {@code definitions} to {@code output/<same name>.svg}, rewriting only
     * files whose content changes, and deletes {@code output/*.svg} that no longer have a definition.
     *
     * @return the SVG files, in file-name order
     */
    public static List<Path> renderAll(Path definitions, Path output) throws IOException {
        List<Path> jsons;
        try (Stream<Path> files = Files.list(definitions)) {
            jsons = files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        if (jsons.isEmpty()) {
            throw new IllegalStateException("no *.json saga definitions in " + definitions.toAbsolutePath());
        }
        Files.createDirectories(output);
        List<Path> written = new ArrayList<>();
        for (Path json : jsons) {
            Path svg = output.resolve(svgFileName(json.getFileName().toString()));
            byte[] rendered;
            try {
                rendered = svg(Files.readString(json, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot render " + json + ": " + e.getMessage(), e);
            }
            if (Files.exists(svg) && Arrays.equals(Files.readAllBytes(svg), rendered)) {
                LOG.log(Level.INFO, "{0} is up to date", svg);
            } else {
                Files.write(svg, rendered);
                LOG.log(Level.INFO, "wrote {0}", svg);
            }
            written.add(svg);
        }
        Set<Path> expected = Set.copyOf(written);
        try (Stream<Path> files = Files.list(output)) {
            for (Path stale : files.filter(p -> p.getFileName().toString().endsWith(".svg"))
                    .filter(p -> !expected.contains(p)).sorted().toList()) {
                Files.delete(stale);
                LOG.log(Level.INFO, "deleted {0}: its definition is gone", stale);
            }
        }
        return written;
    }

    /** {@code external_checkout.json} → {@code external_checkout.svg}. */
    public static String svgFileName(String jsonFileName) {
        if (!jsonFileName.endsWith(".json")) {
            throw new IllegalArgumentException("not a .json file name: " + jsonFileName);
        }
        return jsonFileName.substring(0, jsonFileName.length() - ".json".length()) + ".svg";
    }

    /** Parses {@code json} with Seata's parser and renders it: the SVG document, ending with a newline. */
    public static String svg(String json) {
        return render(plantUml(parse(json)));
    }

    /** Seata's own parsing and validation (the same the engine does when it loads the definition). */
    public static StateMachine parse(String json) {
        return StateMachineParserFactory.getStateMachineParser(JSON_PARSER).parse(json);
    }

    /** The PlantUML source of the diagram of {@code machine}. */
    public static String plantUml(StateMachine machine) {
        Map<String, State> states = machine.getStates();
        List<String> order = declarationOrder(machine);
        Map<String, String> alias = new LinkedHashMap<>();
        for (String name : order) {
            alias.put(name, "s" + alias.size());
        }

        StringBuilder uml = new StringBuilder();
        uml.append("@startuml\n");
        uml.append("!pragma layout smetana\n");
        uml.append("hide empty description\n");
        uml.append("skinparam shadowing false\n");
        uml.append("skinparam defaultFontName SansSerif\n");
        uml.append("skinparam defaultFontSize 12\n");
        uml.append("skinparam ArrowFontSize 11\n");
        uml.append("skinparam ArrowColor #555555\n");
        uml.append("skinparam state {\n  BackgroundColor #F4F7FB\n  BorderColor #4A6785\n}\n");
        uml.append("title ").append(escape(machine.getName()));
        if (machine.getRecoverStrategy() != null) {
            uml.append("\\n<size:11>RecoverStrategy: ").append(machine.getRecoverStrategy()).append("</size>");
        }
        uml.append('\n');

        for (String name : order) {
            declare(uml, states.get(name), alias.get(name), isCompensationTarget(machine, name));
        }

        uml.append("[*] --> ").append(alias.get(machine.getStartState())).append('\n');
        for (String name : order) {
            edges(uml, states.get(name), alias);
        }
        uml.append("@enduml\n");
        return uml.toString();
    }

    /**
     * Renders PlantUML source to SVG, without PlantUML's metadata (the diagram source it would otherwise embed),
     * ending with a newline; fails if PlantUML cannot read the source rather than drawing its error page.
     */
    public static String render(String plantUml) {
        SourceStringReader reader = new SourceStringReader(plantUml);
        if (reader.getBlocks().size() != 1 || reader.getBlocks().get(0).getDiagram() instanceof PSystemError) {
            String error = reader.getBlocks().isEmpty() ? "no diagram"
                    : reader.getBlocks().get(0).getDiagram().getWarningOrError();
            throw new IllegalStateException("PlantUML cannot read the generated diagram (" + error + "):\n" + plantUml);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            reader.outputImage(out, new FileFormatOption(FileFormat.SVG, false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String svg = out.toString(StandardCharsets.UTF_8);
        return svg.endsWith("\n") ? svg : svg + "\n";
    }

    /**
     * States in the order they are reached from the start (breadth first over Next, Catch, Choice and
     * CompensateState, each in its declared order), then any unreachable ones by name: a fixed order for
     * a given definition, which also puts the declarations roughly top to bottom.
     */
    static List<String> declarationOrder(StateMachine machine) {
        Map<String, State> states = machine.getStates();
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(machine.getStartState());
        while (!queue.isEmpty()) {
            String name = queue.poll();
            if (name == null || !states.containsKey(name) || !seen.add(name)) {
                continue;
            }
            State state = states.get(name);
            queue.addAll(successors(state));
        }
        states.keySet().stream().filter(n -> !seen.contains(n)).sorted().forEach(seen::add);
        return List.copyOf(seen);
    }

    private static List<String> successors(State state) {
        List<String> next = new ArrayList<>();
        if (state.getNext() != null) {
            next.add(state.getNext());
        }
        if (state instanceof TaskState task) {
            if (task.getCatches() != null) {
                task.getCatches().forEach(c -> next.add(c.getNext()));
            }
            if (task.getCompensateState() != null) {
                next.add(task.getCompensateState());
            }
        }
        if (state instanceof ChoiceState choice) {
            if (choice.getChoices() != null) {
                choice.getChoices().forEach(c -> next.add(c.getNext()));
            }
            next.add(choice.getDefault());
        }
        return next;
    }

    private static boolean isCompensationTarget(StateMachine machine, String name) {
        return machine.getStates().values().stream()
                .anyMatch(s -> s instanceof TaskState t && name.equals(t.getCompensateState()));
    }

    private static void declare(StringBuilder uml, State state, String alias, boolean compensation) {
        String label = "\"" + escape(state.getName()) + "\" as " + alias;
        List<String> description = new ArrayList<>();
        String colour = null;
        String stereotype = "";
        if (state instanceof ChoiceState) {
            stereotype = " <<choice>>";
            label = alias;
        } else if (state instanceof CompensationTriggerState) {
            colour = TRIGGER_COLOUR;
            description.add("<i>CompensationTrigger</i>");
            description.addAll(wrap(orElse(state.getComment(), "compensates every completed step, last first")));
        } else if (state instanceof SucceedEndState) {
            colour = SUCCEED_COLOUR;
            description.add("<i>Succeed</i>");
            description.addAll(wrap(state.getComment()));
        } else if (state instanceof FailEndState fail) {
            colour = FAIL_COLOUR;
            description.add("<i>Fail</i>" + (fail.getErrorCode() == null ? "" : " " + escape(fail.getErrorCode())));
            description.addAll(wrap(orElse(state.getComment(), fail.getMessage())));
        } else if (state instanceof ServiceTaskState task) {
            colour = compensation ? COMPENSATION_COLOUR : null;
            description.addAll(wrap(state.getComment()));
            description.add("<size:10><i>" + escape(task.getServiceName() + "." + task.getServiceMethod())
                    + "</i></size>");
            retries(task).ifPresent(description::add);
        } else if (state instanceof SubStateMachine sub) {
            colour = compensation ? COMPENSATION_COLOUR : null;
            description.addAll(wrap(state.getComment()));
            description.add("<size:10><i>sub-machine " + escape(sub.getStateMachineName()) + "</i></size>");
        } else if (state instanceof ScriptTaskState script) {
            colour = compensation ? COMPENSATION_COLOUR : null;
            description.addAll(wrap(state.getComment()));
            description.add("<size:10><i>" + escape(script.getScriptType()) + " script</i></size>");
        } else {
            description.add("<i>" + escape(state.getType()) + "</i>");
            description.addAll(wrap(state.getComment()));
        }
        uml.append("state ").append(label).append(stereotype);
        if (colour != null) {
            uml.append(' ').append(colour);
        }
        uml.append('\n');
        for (String line : description) {
            uml.append(alias).append(" : ").append(line).append('\n');
        }
    }

    /** "retry ≤ 3: StepUnavailableException" (the largest MaxAttempts, every exception named). */
    private static Optional<String> retries(TaskState task) {
        if (task.getRetry() == null || task.getRetry().isEmpty()) {
            return Optional.empty();
        }
        int attempts = task.getRetry().stream().mapToInt(TaskState.Retry::getMaxAttempts).max().orElse(0);
        String on = task.getRetry().stream().map(r -> simpleNames(r.getExceptions(), "network errors")).distinct()
                .collect(Collectors.joining(", "));
        return Optional.of("<size:10>retry \u2264 " + attempts + ": " + escape(on) + "</size>");
    }

    private static void edges(StringBuilder uml, State state, Map<String, String> alias) {
        String from = alias.get(state.getName());
        if (state instanceof ChoiceState choice) {
            if (choice.getChoices() != null) {
                for (ChoiceState.Choice c : choice.getChoices()) {
                    edge(uml, from, "-->", alias.get(c.getNext()), c.getExpression());
                }
            }
            if (choice.getDefault() != null) {
                edge(uml, from, "-->", alias.get(choice.getDefault()), "default");
            }
            return;
        }
        if (state.getNext() != null) {
            edge(uml, from, "-->", alias.get(state.getNext()), null);
        }
        if (state instanceof TaskState task) {
            if (task.getCatches() != null) {
                for (TaskState.ExceptionMatch c : task.getCatches()) {
                    String caught = simpleNames(c.getExceptions(), "nothing (no Exceptions)");
                    edge(uml, from, CATCH_ARROW, alias.get(c.getNext()), "catch " + caught);
                }
            }
            if (task.getCompensateState() != null && alias.containsKey(task.getCompensateState())) {
                edge(uml, from, COMPENSATE_ARROW, alias.get(task.getCompensateState()), "compensate");
            }
        }
        if (state instanceof SucceedEndState || state instanceof FailEndState) {
            uml.append(from).append(" --> [*]\n");
        }
    }

    private static void edge(StringBuilder uml, String from, String arrow, String to, String label) {
        uml.append(from).append(' ').append(arrow).append(' ').append(to);
        if (label != null && !label.isBlank()) {
            uml.append(" : ").append(escape(label));
        }
        uml.append('\n');
    }

    /** Simple class names; {@code none} (what Seata does with an empty list) when there are none. */
    private static String simpleNames(List<String> exceptions, String none) {
        if (exceptions == null || exceptions.isEmpty()) {
            return none;
        }
        return exceptions.stream().map(e -> e.substring(e.lastIndexOf('.') + 1)).collect(Collectors.joining(", "));
    }

    /** Word-wraps free text into escaped description lines. */
    static List<String> wrap(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.trim().split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > WRAP_AT) {
                lines.add(escape(line.toString()));
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(escape(line.toString()));
        return lines;
    }

    /**
     * Makes free text literal in a PlantUML label: every character Creole or PlantUML could read as markup
     * ({@code **bold**}, {@code <tag>}, {@code [[link]]}, {@code \n}, entities ...) is written as a {@code <U+XXXX>}
     * character reference, which PlantUML draws as that character, in state descriptions and on arrows alike.
     * Line breaks become spaces.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.replace('\r', ' ').replace('\n', ' ').toCharArray()) {
            if (MARKUP.indexOf(c) >= 0) {
                out.append(String.format(Locale.ROOT, "<U+%04X>", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
