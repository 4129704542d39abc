package dev.nn.tensor;

/**
 * The three matrix products of a dense layer, each writing into a caller-owned output so that nothing is allocated.
 *
 * <p>For inputs {@code X (n x k)}, weights {@code W (m x k)} and output gradients {@code dZ (n x m)}:
 * <ul>
 *   <li>{@link #multiplyTransposedB}: {@code Z = X W^T} (forward),</li>
 *   <li>{@link #multiplyTransposedA}: {@code dW = dZ^T X} (weight gradient),</li>
 *   <li>{@link #multiply}: {@code dX = dZ W} (input gradient).</li>
 * </ul>
 * No transpose is materialised. Each output element is a sum taken in increasing index order, so results are the
 * same on every run.
 */
public final class MatrixProducts {
    private MatrixProducts() {
    }

    /**
     * {@code out = a b^T}: {@code a (n x k)}, {@code b (m x k)}, {@code out (n x m)}; {@code out} is overwritten.
     */
    public static void multiplyTransposedB(Tensor a, Tensor b, Tensor out) {
        int n = a.rows();
        int k = a.columns();
        int m = b.rows();
        if (b.columns() != k) {
            throw new IllegalArgumentException("a b^T: inner dimensions differ, a is " + a.shape() + ", b is " + b.shape());
        }
        out.requireShape(n, m, "a b^T output");
        double[] ad = a.data();
        double[] bd = b.data();
        double[] od = out.data();
        for (int i = 0; i < n; i++) {
            int aRow = i * k;
            for (int j = 0; j < m; j++) {
                int bRow = j * k;
                double sum = 0.0;
                for (int p = 0; p < k; p++) {
                    sum += ad[aRow + p] * bd[bRow + p];
                }
                od[i * m + j] = sum;
            }
        }
    }

    /**
     * {@code out = a^T b}: {@code a (n x m)}, {@code b (n x k)}, {@code out (m x k)}; {@code out} is overwritten.
     */
    public static void multiplyTransposedA(Tensor a, Tensor b, Tensor out) {
        int n = a.rows();
        int m = a.columns();
        int k = b.columns();
        if (b.rows() != n) {
            throw new IllegalArgumentException("a^T b: row counts differ, a is " + a.shape() + ", b is " + b.shape());
        }
        out.requireShape(m, k, "a^T b output");
        double[] ad = a.data();
        double[] bd = b.data();
        double[] od = out.data();
        java.util.Arrays.fill(od, 0.0);
        for (int p = 0; p < n; p++) {
            int aRow = p * m;
            int bRow = p * k;
            for (int i = 0; i < m; i++) {
                double aValue = ad[aRow + i];
                int oRow = i * k;
                for (int j = 0; j < k; j++) {
                    od[oRow + j] += aValue * bd[bRow + j];
                }
            }
        }
    }

    /**
     * {@code out = a b}: {@code a (n x m)}, {@code b (m x k)}, {@code out (n x k)}; {@code out} is overwritten.
     */
    public static void multiply(Tensor a, Tensor b, Tensor out) {
        int n = a.rows();
        int m = a.columns();
        int k = b.columns();
        if (b.rows() != m) {
            throw new IllegalArgumentException("a b: inner dimensions differ, a is " + a.shape() + ", b is " + b.shape());
        }
        out.requireShape(n, k, "a b output");
        double[] ad = a.data();
        double[] bd = b.data();
        double[] od = out.data();
        java.util.Arrays.fill(od, 0.0);
        for (int i = 0; i < n; i++) {
            int aRow = i * m;
            int oRow = i * k;
            for (int p = 0; p < m; p++) {
                double aValue = ad[aRow + p];
                int bRow = p * k;
                for (int j = 0; j < k; j++) {
                    od[oRow + j] += aValue * bd[bRow + j];
                }
            }
        }
    }
}
