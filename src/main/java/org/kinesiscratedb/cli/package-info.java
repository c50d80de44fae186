/**
 * The command line: {@code run}, {@code load} and the {@code kinesis} checkpoint maintenance commands.
 *
 * <p>Commands only parse arguments, call into the other packages and print results; exit codes and error
 * texts are defined in {@link org.kinesiscratedb.cli.ExitCodes}. No SQL and no Kinesis calls of their own.
 */
package org.kinesiscratedb.cli;
