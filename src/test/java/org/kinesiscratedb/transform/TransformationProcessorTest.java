package org.kinesiscratedb.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinesiscratedb.SettingsException;

/** The processor bean in a small Camel route. */
class TransformationProcessorTest {

    private static final String FILE = """
            meta: {type: tikray-project, version: 1}
            collections:
            - address: {container: testdrive, name: kinesis}
              pre: {rules: [{type: jmes, expression: "[?sensor_id != '0']"}]}
              bucket: {values: {rules: [{pointer: /sensor_id, transformer: builtins.int}]}}
            - address: {container: doc, name: other}
              treatment: {ignore_field: [secret]}
            """;

    @TempDir
    Path dir;

    private CamelContext camel;

    @AfterEach
    void stopCamel() throws Exception {
        if (camel != null) {
            camel.stop();
        }
    }

    private TransformationProcessor processor(String collection) throws Exception {
        TransformationProcessor processor = new TransformationProcessor();
        processor.setFile(Files.writeString(dir.resolve("transformation.yaml"), FILE).toString());
        processor.setCollection(collection);
        return processor;
    }

    private ProducerTemplate route(TransformationProcessor processor) throws Exception {
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("transform", processor);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").routeId("transform-test").process("transform").to("mock:out");
            }
        });
        camel.start();
        return camel.createProducerTemplate();
    }

    @Test
    void transformsAJsonObjectBodyInARoute() throws Exception {
        ProducerTemplate producer = route(processor("testdrive.kinesis"));
        MockEndpoint out = camel.getEndpoint("mock:out", MockEndpoint.class);
        out.expectedMessageCount(2);

        producer.sendBody("direct:in", "{\"sensor_id\":\"7\",\"t\":1}".getBytes(StandardCharsets.UTF_8));
        producer.sendBody("direct:in", "{\"sensor_id\":\"0\"}");

        out.assertIsSatisfied();
        List<Exchange> received = out.getReceivedExchanges();
        assertThat(received.get(0).getMessage().getBody(String.class)).isEqualTo("{\"sensor_id\":7,\"t\":1}");
        assertThat(received.get(0).getMessage().getHeader(TransformationProcessor.FILTERED_HEADER)).isEqualTo(false);
        assertThat(received.get(1).getMessage().getBody(String.class)).isEmpty();
        assertThat(received.get(1).getMessage().getHeader(TransformationProcessor.FILTERED_HEADER)).isEqualTo(true);
    }

    @Test
    void transformsAnArrayOfObjectsElementByElement() throws Exception {
        ProducerTemplate producer = route(processor("testdrive.kinesis"));

        String body = producer.requestBody("direct:in", "[{\"sensor_id\":\"0\"},{\"sensor_id\":\"5\"}]",
                String.class);

        assertThat(body).isEqualTo("[{\"sensor_id\":5}]");
    }

    @Test
    void throwsANamedErrorWhenARuleFails() throws Exception {
        ProducerTemplate producer = route(processor("testdrive.kinesis"));

        assertThatThrownBy(() -> producer.sendBody("direct:in", "{\"sensor_id\":\"x\"}"))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(TransformationException.class)
                .hasMessage(dir.resolve("transformation.yaml") + ": collections[0] (testdrive.kinesis): "
                        + "bucket.values.rules[0] (builtins.int at /sensor_id) failed: invalid literal for int() with "
                        + "base 10: 'x'");
    }

    @Test
    void usesTheCollectionItIsToldTo() throws Exception {
        ProducerTemplate producer = route(processor("doc.other"));

        assertThat(producer.requestBody("direct:in", "{\"sensor_id\":\"0\",\"secret\":1}", String.class))
                .isEqualTo("{\"sensor_id\":\"0\"}");
    }

    @Test
    void worksAsABeanOfAYamlRoute() throws Exception {
        Path file = Files.writeString(dir.resolve("transformation.yaml"), FILE);
        String routes = """
                - beans:
                    - name: transform
                      type: "#class:org.kinesiscratedb.transform.TransformationProcessor"
                      properties:
                        file: "%s"
                        collection: testdrive.kinesis
                - route:
                    id: transform-yaml
                    from:
                      uri: direct:yaml
                      steps:
                        - process:
                            ref: transform
                """.formatted(file);
        camel = new DefaultCamelContext();
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("transform.camel.yaml", routes));
        camel.start();

        assertThat(camel.createProducerTemplate().requestBody("direct:yaml", "{\"sensor_id\":\"3\"}", String.class))
                .isEqualTo("{\"sensor_id\":3}");
    }

    @Test
    void refusesToStartWhenTheCollectionIsAmbiguousOrUnknown() throws Exception {
        assertThatThrownBy(() -> processor(null).start()).isInstanceOf(SettingsException.class)
                .hasMessage(dir.resolve("transformation.yaml") + ": has 2 collections; set the property "
                        + "'collection' of TransformationProcessor to one of: testdrive.kinesis, doc.other");
        assertThatThrownBy(() -> processor("doc.nope").start()).isInstanceOf(SettingsException.class)
                .hasMessage(dir.resolve("transformation.yaml") + ": no collection for doc.nope; collections: "
                        + "testdrive.kinesis, doc.other");
    }

    @Test
    void refusesToStartWithoutAFile() {
        assertThatThrownBy(() -> new TransformationProcessor().start()).isInstanceOf(SettingsException.class)
                .hasMessage("TransformationProcessor: set the property 'file' to a transformation file");
    }
}
