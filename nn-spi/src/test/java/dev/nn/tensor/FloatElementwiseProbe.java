package dev.nn.tensor;

/** Run in a separate JVM by {@link FloatElementwiseAgreementTest}: prints the elementwise loops chosen and one result. */
final class FloatElementwiseProbe {
    private FloatElementwiseProbe() {
    }

    public static void main(String[] args) {
        float[] in = {-1.5f, 2.5f, -0f, 3f, -4f};
        float[] gradOut = {1f, 2f, 3f, 4f, 5f};
        float[] gradIn = new float[in.length];
        FloatElementwise.reluGradient(in, gradOut, gradIn);
        System.out.println(FloatElementwise.implementation() + " " + java.util.Arrays.toString(gradIn));
    }
}
