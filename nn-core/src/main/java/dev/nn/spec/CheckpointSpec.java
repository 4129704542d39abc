package dev.nn.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Training checkpoints: {@code training.checkpoint: {dir: ckpt, every_epochs: 1, keep: 3}}.
 *
 * @param dir the directory the checkpoints are written into, relative to the spec's directory; {@code nn train
 *     --checkpoint DIR} overrides it
 * @param everyEpochs a checkpoint after every this many epochs (default 1); one is also written when a signal
 *     stops training
 * @param keep how many checkpoints are kept (default 3): older ones are deleted once a new one is complete
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"dir", "every_epochs", "keep"})
public record CheckpointSpec(String dir, Integer everyEpochs, Integer keep) {
    /** The default of {@code dir}, relative to the spec's directory. */
    public static final String DEFAULT_DIR = "checkpoints";
    /** The default of {@code every_epochs}. */
    public static final int DEFAULT_EVERY_EPOCHS = 1;
    /** The default of {@code keep}. */
    public static final int DEFAULT_KEEP = 3;
}
