package org.kinesiscratedb.transform;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.kinesiscratedb.SettingsException;

/**
 * A tikray transformation file, loaded and checked: a project ({@code meta.type: tikray-project}) with its
 * {@code collections}, or a single collection ({@code meta.type: tikray-collection}). The former names
 * {@code zyp-project} and {@code zyp-collection} are accepted too.
 *
 * <p>Which collection applies to a table ({@link #forTable}): the one whose {@code address} is
 * {@code {container: <schema>, name: <table>}}; failing that, the only collection of the file, whatever its address
 * (so a file written for another table name still works when it holds one collection); else none.
 *
 * <p>Immutable and safe for concurrent use.
 */
public final class Transformation {

    private final Path file;
    private final List<CollectionTransformation> collections;

    private Transformation(Path file, List<CollectionTransformation> collections) {
        this.file = file;
        this.collections = List.copyOf(collections);
    }

    /**
     * Reads and checks a transformation file; every expression is compiled here.
     *
     * @throws SettingsException naming the file, the collection and the key, if the file cannot be read or anything
     *                           in it is not supported
     */
    public static Transformation load(Path file) {
        Objects.requireNonNull(file, "file");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (NoSuchFileException e) {
            throw new SettingsException(file + ": transformation file not found");
        } catch (CharacterCodingException e) {
            throw new SettingsException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new SettingsException(file + ": cannot read the transformation file: " + e, e);
        }
        return parse(file, text);
    }

    /** Parses the text of a transformation file; {@code file} only names it in messages. */
    static Transformation parse(Path file, String text) {
        return new Transformation(file, new TransformationParser(file.toString()).parse(text));
    }

    /**
     * The collection that applies to a target table: the one addressed {@code schema.table}, else the only one of
     * the file, else none.
     */
    public Optional<CollectionTransformation> forTable(String schema, String table) {
        for (CollectionTransformation collection : collections) {
            if (collection.matches(schema, table)) {
                return Optional.of(collection);
            }
        }
        return collections.size() == 1 ? Optional.of(collections.get(0)) : Optional.empty();
    }

    /** Every collection of the file, in file order. */
    public List<CollectionTransformation> collections() {
        return collections;
    }

    /** The file as given to {@link #load}. */
    public Path file() {
        return file;
    }

    @Override
    public String toString() {
        return "Transformation[" + file + ", " + collections.size() + " collection(s)]";
    }
}
