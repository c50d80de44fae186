package org.kinesiscratedb.transform;

import java.util.Objects;

/**
 * A rule of a transformation failed on a record: the record cannot be loaded as it is. The relay turns it into a
 * dead letter with {@code "transformation: " + getMessage()} as its reason; the Camel processor throws it to the
 * route's error handling.
 */
public class TransformationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String rule;
    private final String reason;

    /**
     * @param rule   where the rule is, e.g. {@code bucket.values.rules[1] (builtins.int at /sensor_id)}
     * @param reason why it failed, e.g. {@code invalid literal for int() with base 10: 'n/a'}
     */
    public TransformationException(String rule, String reason) {
        super(Objects.requireNonNull(rule, "rule") + " failed: " + Objects.requireNonNull(reason, "reason"));
        this.rule = rule;
        this.reason = reason;
    }

    /** Where the failing rule is. */
    public String rule() {
        return rule;
    }

    /** Why it failed. */
    public String reason() {
        return reason;
    }
}
