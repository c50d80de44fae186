package org.kinesiscratedb.cli;

import picocli.CommandLine;

/** The version from the jar manifest (set by Maven), or "development" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"kinesis-cratedb " + (version == null ? "development" : version)};
    }
}
