package dev.nn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

final class TensorTest {
    @Test
    void ofCopiesRowsInRowMajorOrder() {
        double[][] values = {{1, 2, 3}, {4, 5, 6}};

        Tensor tensor = Tensor.of(values);
        values[0][0] = 99;

        assertEquals(2, tensor.rows());
        assertEquals(3, tensor.columns());
        assertEquals("2x3", tensor.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, tensor.data());
        assertEquals(6, tensor.get(1, 2));
    }

    @Test
    void ofRejectsARaggedRowNamingItAndBothLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6, 7}}));

        assertTrue(e.getMessage().contains("row 2"), e.getMessage());
        assertTrue(e.getMessage().contains("3 values"), e.getMessage());
        assertTrue(e.getMessage().contains("row 0 has 2"), e.getMessage());
    }

    @Test
    void ofRejectsAShorterRowToo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new double[][] {{1, 2, 3}, {4}}));

        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }

    @Test
    void requireSameShapeNamesBothShapesAndTheOperation() {
        Tensor a = Tensor.zeros(2, 3);
        Tensor b = Tensor.zeros(3, 2);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> a.requireSameShape(b, "add"));

        assertTrue(e.getMessage().contains("add"), e.getMessage());
        assertTrue(e.getMessage().contains("2x3"), e.getMessage());
        assertTrue(e.getMessage().contains("3x2"), e.getMessage());
    }

    @Test
    void requireShapeNamesExpectedAndFoundShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(4, 1).requireShape(1, 4, "bias"));

        assertTrue(e.getMessage().contains("bias"), e.getMessage());
        assertTrue(e.getMessage().contains("expected shape 1x4"), e.getMessage());
        assertTrue(e.getMessage().contains("found 4x1"), e.getMessage());
    }

    @Test
    void copyFromInPlaceRejectsAnotherShapeNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 2).copyFromInPlace(Tensor.zeros(1, 4)));

        assertTrue(e.getMessage().contains("2x2") && e.getMessage().contains("1x4"), e.getMessage());
    }

    @Test
    void wrapRejectsDataOfTheWrongLengthNamingTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.wrap(2, 3, new double[5]));

        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("2x3"), e.getMessage());
    }

    @Test
    void negativeDimensionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(2, -1, new double[0]));
    }

    @Test
    void wrapSharesTheArray() {
        double[] data = {1, 2, 3, 4};

        Tensor tensor = Tensor.wrap(2, 2, data);
        data[3] = 40;

        assertEquals(40, tensor.get(1, 1));
    }

    @Test
    void copyIsIndependentOfTheOriginal() {
        Tensor original = Tensor.of(new double[][] {{1, 2}, {3, 4}});

        Tensor copy = original.copy();
        copy.set(0, 0, -1);
        original.set(1, 1, -4);

        assertEquals(1, original.get(0, 0));
        assertEquals(4, copy.get(1, 1));
        assertEquals(-1, copy.get(0, 0));
    }

    @Test
    void rowAndToArrayCopyTheirValues() {
        double[] values = {1, 2};
        Tensor row = Tensor.row(values);
        values[0] = 9;

        double[][] array = row.toArray();
        array[0][1] = 9;
        double[] rowCopy = row.rowCopy(0);
        rowCopy[0] = 9;

        assertArrayEquals(new double[] {1, 2}, row.data());
    }

    @Test
    void getOutsideTheShapeNamesTheIndexAndTheShape() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> Tensor.zeros(2, 3).get(2, 0));

        assertTrue(e.getMessage().contains("(2, 0)") && e.getMessage().contains("2x3"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).get(0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).get(0, -1));
    }

    @Test
    void equalTensorsHaveTheSameShapeAndValues() {
        Tensor a = Tensor.of(new double[][] {{1, 2}, {3, 4}});
        Tensor b = Tensor.wrap(2, 2, new double[] {1, 2, 3, 4});

        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a, a.copy());
    }

    @Test
    void tensorsWithTheSameValuesInAnotherShapeDiffer() {
        Tensor twoByTwo = Tensor.wrap(2, 2, new double[] {1, 2, 3, 4});
        Tensor oneByFour = Tensor.wrap(1, 4, new double[] {1, 2, 3, 4});
        Tensor fourByOne = Tensor.wrap(4, 1, new double[] {1, 2, 3, 4});

        assertNotEquals(twoByTwo, oneByFour);
        assertNotEquals(oneByFour, fourByOne);
        assertNotEquals(Tensor.zeros(0, 3), Tensor.zeros(3, 0));
    }

    @Test
    void tensorsWithOneDifferentValueDiffer() {
        Tensor a = Tensor.of(new double[][] {{1, 2}, {3, 4}});
        Tensor b = a.copy();
        b.set(1, 0, 3.0000000000000004);

        assertNotEquals(a, b);
        assertNotEquals(a, null);
        assertNotEquals(a, "Tensor2x2");
    }

    @Test
    void fillAndIsFinite() {
        Tensor tensor = Tensor.zeros(2, 2).fillInPlace(3);

        assertArrayEquals(new double[] {3, 3, 3, 3}, tensor.data());
        assertTrue(tensor.isFinite());
        tensor.set(0, 1, Double.NaN);
        assertEquals(false, tensor.isFinite());
    }
}
