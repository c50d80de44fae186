package org.kinesiscratedb.camel;

import org.apache.camel.main.Main;

/**
 * An existing Camel 4 application that embeds kinesis-cratedb: the jar on its classpath (as a plain Maven dependency),
 * its own {@code application.properties} and YAML routes using our beans by name ({@code embedding/} in the test
 * resources). {@link EmbeddingTest} starts it.
 */
public final class MyCamelApplication {

    /** Where the application keeps its properties; a real one would keep Camel's default, classpath:application.properties. */
    static final String PROPERTIES = "classpath:embedding/application.properties";

    private MyCamelApplication() {
    }

    public static void main(String... args) throws Exception {
        create().run(args);
    }

    static Main create() {
        Main main = new Main();
        main.setPropertyPlaceholderLocations(PROPERTIES);
        return main;
    }
}
