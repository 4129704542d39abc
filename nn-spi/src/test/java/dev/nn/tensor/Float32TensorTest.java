package dev.nn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A float32 tensor stores floats, converts exactly (widening) or to the nearest float, and refuses double access. */
final class Float32TensorTest {
    @Test
    void aFloat32TensorStoresFloatsAndRoundsWhatItIsGiven() {
        Tensor tensor = Tensor.zeros(2, 3, DataType.FLOAT32);
        tensor.set(1, 2, 0.1);

        assertEquals(DataType.FLOAT32, tensor.dataType());
        assertEquals(6, tensor.size());
        assertEquals((double) 0.1f, tensor.get(1, 2));
        assertEquals(0.1f, tensor.floatData()[5]);
    }

    @Test
    void askingAFloat32TensorForDoublesNamesTheProblem() {
        Tensor tensor = Tensor.zeros(2, 3, DataType.FLOAT32);

        IllegalStateException e = assertThrows(IllegalStateException.class, tensor::data);

        assertTrue(e.getMessage().contains("float32 tensor of shape 2x3"), e.getMessage());
        assertTrue(e.getMessage().contains("computes only in float64"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Tensor.zeros(1, 1).floatData());
    }

    @Test
    void copiesBetweenTypesWidenExactlyAndRoundToNearest() {
        Tensor wide = Tensor.row(0.1, 1.0 / 3, 1e-50, 3e38 * 10);
        Tensor narrow = wide.copyAs(DataType.FLOAT32);

        assertArrayEquals(new float[] {0.1f, (float) (1.0 / 3), 0f, Float.POSITIVE_INFINITY}, narrow.floatData());
        Tensor back = narrow.copyAs(DataType.FLOAT64);
        assertArrayEquals(new double[] {0.1f, (float) (1.0 / 3), 0.0, Double.POSITIVE_INFINITY}, back.data());
        assertFalse(narrow.isFinite());
        assertTrue(Tensor.zeros(3, 3, DataType.FLOAT32).fillInPlace(2.5).isFinite());
    }

    @Test
    void equalityTakesTheTypeIntoAccount() {
        Tensor a = Tensor.wrap(1, 2, new float[] {1f, 2f});

        assertEquals(a, a.copy());
        assertEquals(a.hashCode(), a.copy().hashCode());
        assertNotEquals(a, Tensor.row(1.0, 2.0));
        assertEquals("Tensor1x2(float32)[[1.0, 2.0]]", a.toString());
        assertSame(DataType.FLOAT32, a.copy().dataType());
    }

    @Test
    void wrappingChecksTheLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.wrap(2, 2, new float[3]));

        assertTrue(e.getMessage().contains("2x2"), e.getMessage());
    }

    @Test
    void specNamesAreTheTwoLowerCaseNames() {
        assertEquals(Optional.of(DataType.FLOAT32), DataType.fromSpecName("float32"));
        assertEquals(Optional.of(DataType.FLOAT64), DataType.fromSpecName("float64"));
        assertEquals(Optional.empty(), DataType.fromSpecName("FLOAT32"));
        assertEquals("float64, float32", DataType.specNames());
    }
}
