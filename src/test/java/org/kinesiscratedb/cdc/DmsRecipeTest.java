package org.kinesiscratedb.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinesiscratedb.SettingsException;

/** The transformation file: read as compat.md section 2.2 describes, errors naming file, collection and key. */
class DmsRecipeTest {

    private static final TableAddress DEMO = new TableAddress("testdrive", "demo");

    private static DmsRecipe parse(String yaml) {
        return DmsRecipe.parse(yaml, "recipe.yaml");
    }

    @Test
    void readsTheDocumentedExample(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dms-load-schema-universal.yaml");
        Files.writeString(file, """
                meta: {type: dms-recipe, version: 1}
                collections:
                - address: {container: testdrive, name: demo}
                  settings:
                    mapping_strategy: universal
                    ignore_ddl: false
                  pk:  {rules: [{pointer: /rowid, type: bigint}]}
                  map: {rules: [{pointer: /resource, type: map}]}
                """);

        DmsCollection demo = DmsRecipe.load(file).collection(DEMO);

        assertThat(demo).isEqualTo(new DmsCollection(DEMO, MappingStrategy.UNIVERSAL, false,
                List.of(new DmsCollection.KeyRule("rowid", "bigint")), Set.of("resource")));
    }

    @Test
    void readsTheStrategyCaseInsensitively() {
        DmsRecipe recipe = parse("""
                meta: {type: dms-recipe}
                collections:
                - address: {container: testdrive, name: demo}
                  settings: {mapping_strategy: DiReCt, ignore_ddl: true}
                """);

        assertThat(recipe.collection(DEMO).strategy()).isEqualTo(MappingStrategy.DIRECT);
        assertThat(recipe.collection(DEMO).ignoreDdl()).isTrue();
    }

    @Test
    void givesUnlistedTablesTheDirectLayoutWithDdl() {
        DmsCollection other = parse("meta: {type: dms-recipe}\n").collection(new TableAddress("x", "y"));

        assertThat(other).isEqualTo(DmsCollection.defaults(new TableAddress("x", "y")));
        assertThat(other.strategy()).isEqualTo(MappingStrategy.DIRECT);
        assertThat(other.ignoreDdl()).isFalse();
        assertThat(DmsRecipe.empty().collection(DEMO)).isEqualTo(DmsCollection.defaults(DEMO));
    }

    @Test
    void ignoresUnknownKeys() {
        DmsRecipe recipe = parse("""
                meta: {type: dms-recipe, version: 1, author: me}
                extra: 1
                collections:
                - address: {container: testdrive, name: demo, comment: x}
                  settings: {mapping_strategy: universal, colour: blue}
                  transform: {rules: []}
                """);

        assertThat(recipe.collection(DEMO).strategy()).isEqualTo(MappingStrategy.UNIVERSAL);
    }

    @Test
    void refusesACollectionWithoutAddressNamingFileCollectionAndKey() {
        assertThatThrownBy(() -> parse("""
                meta: {type: dms-recipe}
                collections:
                - address: {container: testdrive, name: demo}
                - settings: {mapping_strategy: universal}
                """)).isInstanceOf(SettingsException.class)
                .hasMessage("Transformation file recipe.yaml: collection 2: address is missing");
    }

    @Test
    void refusesAMapRuleTypeOtherThanMapOrObject() {
        assertThatThrownBy(() -> parse("""
                meta: {type: dms-recipe}
                collections:
                - address: {container: testdrive, name: demo}
                  map: {rules: [{pointer: /resource, type: json}]}
                """)).isInstanceOf(SettingsException.class)
                .hasMessage("Transformation file recipe.yaml: collection 1 (testdrive.demo): "
                        + "map.rules[pointer=/resource].type is 'json'; use map or object");
    }

    @Test
    void refusesAnUnknownStrategyFlagOrKeyType() {
        String head = "meta: {type: dms-recipe}\ncollections:\n- address: {container: testdrive, name: demo}\n";

        assertThatThrownBy(() -> parse(head + "  settings: {mapping_strategy: sideways}\n"))
                .hasMessage("Transformation file recipe.yaml: collection 1 (testdrive.demo): "
                        + "settings.mapping_strategy is 'sideways'; use direct or universal");
        assertThatThrownBy(() -> parse(head + "  settings: {ignore_ddl: maybe}\n"))
                .hasMessageContaining("settings.ignore_ddl is 'maybe'; use true or false");
        assertThatThrownBy(() -> parse(head + "  pk: {rules: [{pointer: /id, type: int1}]}\n"))
                .hasMessageContaining("pk.rules[pointer=/id].type is 'int1'; use one of ");
        assertThatThrownBy(() -> parse(head + "  pk: {rules: [{pointer: id}]}\n"))
                .hasMessageContaining("pk.rules[].pointer is 'id'; write /column");
        assertThatThrownBy(() -> parse(head + "  pk: {rules: [{pointer: /a/b}]}\n"))
                .hasMessageContaining("only top-level columns");
    }

    @Test
    void refusesAFileThatIsNotADmsRecipe(@TempDir Path dir) {
        assertThatThrownBy(() -> parse("meta: {type: zyp-project}\n"))
                .hasMessage("Transformation file recipe.yaml: the file: meta.type is 'zyp-project'; a DMS "
                        + "transformation has 'dms-recipe'");
        assertThatThrownBy(() -> parse("- just a list\n")).hasMessageContaining("must be a mapping");
        assertThatThrownBy(() -> parse("meta: [unclosed\n")).hasMessageStartingWith(
                "Transformation file recipe.yaml: not valid YAML");
        assertThatThrownBy(() -> DmsRecipe.load(dir.resolve("missing.yaml")))
                .hasMessageStartingWith("Transformation file " + dir.resolve("missing.yaml") + ": cannot be read");
    }

    @Test
    void refusesTheSameTableListedTwice() {
        assertThatThrownBy(() -> parse("""
                meta: {type: dms-recipe}
                collections:
                - address: {container: testdrive, name: demo}
                - address: {container: testdrive, name: demo}
                """)).hasMessage("Transformation file recipe.yaml: collection 2 (testdrive.demo): address is listed "
                + "twice");
    }
}
