package dev.nn.modelfile;

/**
 * A model file that cannot be used: cut short, changed, or not laid out as {@link ModelArchive} and
 * {@link SafeTensors} require. {@link #getMessage()} is the whole message for the user and names the file (and the
 * entry within it, e.g. {@code model.nn!tensors.safetensors}).
 */
public final class ModelFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelFileException(String message) {
        super(message);
    }
}
