package org.kinesiscratedb.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import io.burt.jmespath.Expression;
import io.burt.jmespath.jackson.JacksonRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Version;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * A compiled {@code pre} or {@code post} rule: a JMESPath or jq expression, compiled once at load time and shared by
 * all threads (compiled JMESPath expressions and jq queries are immutable; the jq root scope is only read).
 */
abstract sealed class ExpressionRule {

    /** The jq language version: tikray runs jq through the Python {@code jq} package, which bundles jq 1.7. */
    static final Version JQ_VERSION = Versions.JQ_1_7;

    private static final JacksonRuntime JMESPATH = new JacksonRuntime();
    private static final Scope JQ_ROOT = jqRootScope();

    private final String where;

    private ExpressionRule(String where) {
        this.where = where;
    }

    /**
     * Compiles a rule.
     *
     * @param type       {@code jmes} or {@code jq}
     * @param where      how messages name the rule, e.g. {@code pre.rules[0] (jq)}
     * @throws IllegalArgumentException with the parser's message if the expression does not compile
     */
    static ExpressionRule compile(String type, String expression, String where) {
        return switch (type) {
            case "jmes" -> new Jmes(expression, where);
            case "jq" -> new Jq(expression, where);
            default -> throw new IllegalArgumentException("unknown expression type '" + type + "'");
        };
    }

    /** How messages name the rule. */
    String where() {
        return where;
    }

    /**
     * Evaluates the expression.
     *
     * @throws TransformationException if the evaluation fails
     */
    abstract JsonNode evaluate(JsonNode input);

    TransformationException failure(String reason) {
        return new TransformationException(where, reason);
    }

    private static Scope jqRootScope() {
        Scope scope = Scope.newEmptyScope();
        BuiltinFunctionLoader.getInstance().loadFunctions(JQ_VERSION, scope);
        TikrayJqFunctions.register(scope);
        return scope;
    }

    private static final class Jmes extends ExpressionRule {
        private final Expression<JsonNode> expression;

        Jmes(String text, String where) {
            super(where);
            try {
                this.expression = JMESPATH.compile(text);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("invalid JMESPath expression: " + oneLine(e.getMessage()), e);
            }
        }

        @Override
        JsonNode evaluate(JsonNode input) {
            try {
                JsonNode result = expression.search(input);
                return result == null ? NullNode.getInstance() : result;
            } catch (RuntimeException e) {
                throw failure(oneLine(e.getMessage()));
            }
        }
    }

    private static final class Jq extends ExpressionRule {
        private static final JsonNode PROBE =
                JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.objectNode());
        private static final Pattern UNKNOWN_FUNCTION = Pattern.compile("Function \\S+/\\d+ does not exist");

        private final JsonQuery query;

        Jq(String text, String where) {
            super(where);
            try {
                this.query = JsonQuery.compile(text, JQ_VERSION);
            } catch (JsonQueryException | RuntimeException e) {
                // The parser's own message is in the cause; the wrapper only repeats the query.
                Throwable detail = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
                throw new IllegalArgumentException("invalid jq expression: " + oneLine(detail.getMessage()), e);
            }
            probe();
        }

        /**
         * jackson-jq looks functions up only when it calls them, so a misspelt name would fail every record. One run on
         * {@code [{}]} at load time finds it on the paths that run; other errors there are expected (the probe
         * record has no keys) and ignored.
         */
        private void probe() {
            try {
                query.apply(JQ_ROOT, PROBE, output -> { });
            } catch (JsonQueryException | RuntimeException e) {
                String message = oneLine(e.getMessage());
                if (UNKNOWN_FUNCTION.matcher(message).matches()) {
                    throw new IllegalArgumentException("invalid jq expression: " + message, e);
                }
            }
        }

        /** The program's first output, as tikray takes it (all outputs are computed). */
        @Override
        JsonNode evaluate(JsonNode input) {
            List<JsonNode> outputs = new ArrayList<>(1);
            try {
                query.apply(JQ_ROOT, input, outputs::add);
            } catch (JsonQueryException | RuntimeException e) {
                throw failure(oneLine(e.getMessage()));
            }
            if (outputs.isEmpty()) {
                throw failure("the jq program gave no output (wrap a stream in [...] to get an array)");
            }
            return outputs.get(0);
        }
    }

    /** The first line of a message, with runs of whitespace as one space (CLI errors and dead letters are one line). */
    static String oneLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        String text = message.strip();
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).replaceAll("\\s+", " ").strip();
    }
}
