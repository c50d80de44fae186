package org.kinesiscratedb;

/**
 * A URL, option or configuration value that cannot be used. The message names the parameter, what was given
 * (never a secret) and what is allowed; the command line turns it into a one-line error and exit code 2.
 */
public class SettingsException extends RuntimeException {

    public SettingsException(String message) {
        super(message);
    }

    public SettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
