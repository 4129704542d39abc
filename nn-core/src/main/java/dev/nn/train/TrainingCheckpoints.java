package dev.nn.train;

/**
 * Told where training is at the boundaries where a checkpoint can be written: after every epoch and when a stop
 * request ends training mid-epoch. During the call the network holds exactly the parameters and state of that
 * point, the optimizer its state, and {@code state} the rest ({@link TrainingState}); its tensors are valid only
 * during the call.
 */
public interface TrainingCheckpoints {
    /** No checkpoints: the trainer captures nothing. */
    TrainingCheckpoints NONE = (state, stopping) -> {
    };

    /**
     * @param state where training is
     * @param stopping whether training stops here because a stop was requested (else this is an epoch's end)
     */
    void at(TrainingState state, boolean stopping);
}
