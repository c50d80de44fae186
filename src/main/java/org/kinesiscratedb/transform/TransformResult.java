package org.kinesiscratedb.transform;

import java.util.List;
import org.kinesiscratedb.source.DecodedRecord;

/**
 * What {@link CollectionTransformation#apply} made of a batch.
 *
 * @param records  the records to write, in input order: transformed ones, ones rejected before (unchanged), and
 *                 ones a rule rejected (with the rule in the reason); filtered records are left out
 * @param filtered how many records a rule dropped: they are handled (checkpoint past them), nothing is written
 */
public record TransformResult(List<DecodedRecord> records, int filtered) {

    public TransformResult {
        records = List.copyOf(records);
        if (filtered < 0) {
            throw new IllegalArgumentException("filtered must not be negative: " + filtered);
        }
    }
}
