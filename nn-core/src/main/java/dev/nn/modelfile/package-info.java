/**
 * The one-file model format, {@code .nn}: a zip of stored (uncompressed) entries, sealed by a SHA-256 in its
 * comment, holding the saved spec as {@code model.yaml} and the tensors in the safetensors layout as
 * {@code tensors.safetensors}.
 *
 * <p>{@link dev.nn.modelfile.ModelArchive} writes and reads the container, of any size, and checks the seal before
 * anything in it is used; {@link dev.nn.modelfile.SafeTensors} writes and reads the tensor layout, validating its
 * header; {@link dev.nn.modelfile.ModelFiles} puts a trained {@link dev.nn.network.Network} and its spec into an
 * archive and reads one back for {@link dev.nn.spec.SpecLoader}. Every problem with a file is a
 * {@link dev.nn.modelfile.ModelFileException} whose message names the file.
 */
package dev.nn.modelfile;
