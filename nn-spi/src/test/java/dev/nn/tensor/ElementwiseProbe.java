package dev.nn.tensor;

/** Run in a separate JVM by {@link ElementwiseAgreementTest}: prints the elementwise loops chosen and one result. */
final class ElementwiseProbe {
    private ElementwiseProbe() {
    }

    public static void main(String[] args) {
        double[] in = {-1.5, 2.5, -0.0, 3.0, -4.0};
        double[] gradOut = {1.0, 2.0, 3.0, 4.0, 5.0};
        double[] gradIn = new double[in.length];
        Elementwise.reluGradient(in, gradOut, gradIn);
        System.out.println(Elementwise.implementation() + " " + java.util.Arrays.toString(gradIn));
    }
}
