package dev.nn.datasources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.DataContext;
import dev.nn.spi.DataException;
import dev.nn.spi.DataTable;
import dev.nn.spi.ParameterException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CsvDataSourceProviderTest {
    @TempDir
    Path folder;

    @Test
    void aByteOrderMarkBeforeTheHeaderIsIgnored() throws IOException {
        Files.writeString(folder.resolve("bom.csv"), "\uFEFFx,y,label\n1.5,2,a\n3,4,b\n", StandardCharsets.UTF_8);
        DataTable table = read(Map.of("path", "bom.csv", "label", "label"));
        assertEquals(List.of("x", "y"), table.featureNames());
        double[] row = new double[2];
        table.inputs().copyRow(0, row, 0);
        assertEquals(1.5, row[0]);
        assertEquals(List.of("a", "b"), table.classNames());
    }

    @Test
    void labelsBecomeOneHotColumnsInSortedClassOrder() throws IOException {
        Files.writeString(folder.resolve("c.csv"), "x,label\n1,b\n2,a\n", StandardCharsets.UTF_8);
        DataTable table = read(Map.of("path", "c.csv", "label", "label"));
        double[] target = new double[2];
        table.targets().copyRow(0, target, 0);
        assertEquals(0.0, target[0]);
        assertEquals(1.0, target[1]);
    }

    @Test
    void targetsNameNumericColumnsReadAsRegressionOutputsInTheirOrder() throws IOException {
        Files.writeString(folder.resolve("r.csv"), "x,y,price,volume\n1,2,3.5,-4\n5,6,7,8e-1\n",
                StandardCharsets.UTF_8);
        DataTable table = read(Map.of("path", "r.csv", "targets", List.of("volume", "price")));

        assertEquals(List.of("x", "y"), table.featureNames());
        assertEquals(List.of(), table.classNames());
        double[] target = new double[2];
        table.targets().copyRow(1, target, 0);
        assertEquals(0.8, target[0]);
        assertEquals(7.0, target[1]);
    }

    @Test
    void aCellThatIsNotAPlainNumberIsReportedAtItsLineAndColumn() throws IOException {
        Files.writeString(folder.resolve("n.csv"), "x,y,label\n1,2,a\n3, 0x1p3,b\n", StandardCharsets.UTF_8);

        DataException e = assertThrows(DataException.class, () -> read(Map.of("path", "n.csv", "label", "label")));

        assertEquals(folder.resolve("n.csv") + ":3:4: column 'y': expected a plain decimal number but found '0x1p3' "
                + "(hexadecimal numbers are not accepted)", e.getMessage());
    }

    @Test
    void aNameGivenTwiceInClassesFeaturesOrTargetsIsRefused() {
        ParameterException classes = assertThrows(ParameterException.class, () -> create(Map.of("path", "c.csv",
                "label", "label", "classes", List.of("a", "b", "a"))));
        ParameterException features = assertThrows(ParameterException.class, () -> create(Map.of("path", "c.csv",
                "label", "label", "features", List.of("x", "x"))));
        ParameterException targets = assertThrows(ParameterException.class, () -> create(Map.of("path", "c.csv",
                "targets", List.of("y", "y"))));

        assertEquals("parameter 'classes': expected each class name once but found 'a' twice",
                classes.getMessage());
        assertEquals("features", features.parameter());
        assertEquals("targets", targets.parameter());
    }

    @Test
    void theLabelCannotAlsoBeAFeature() {
        ParameterException e = assertThrows(ParameterException.class, () -> create(Map.of("path", "c.csv",
                "label", "label", "features", List.of("x", "label"))));

        assertEquals("'label', which is the label", e.found());
    }

    @Test
    void aScaleOfZeroOrLessIsRefused() {
        for (double scale : new double[] {0.0, -0.0, -1.0}) {
            ParameterException e = assertThrows(ParameterException.class, () -> create(Map.of("path", "c.csv",
                    "label", "label", "scale", scale)));
            assertEquals("scale", e.parameter());
        }
    }

    @Test
    void aCellLongerThanTheReaderTakesIsReportedWithoutTheReadersInternals() throws IOException {
        Files.writeString(folder.resolve("big.csv"), "x,label\n" + "7".repeat(21_000_000) + ",a\n",
                StandardCharsets.UTF_8);

        DataException e = assertThrows(DataException.class, () -> read(Map.of("path", "big.csv", "label", "label")));

        assertEquals(folder.resolve("big.csv") + ": line 2: a cell of more than 20000000 characters, more than nn "
                + "reads in one cell", e.getMessage());
    }

    @Test
    void aControlCharacterAnywhereInTheTextIsReportedAtItsPosition() throws IOException {
        Files.writeString(folder.resolve("bel.csv"), "x,label\n1,a\u0007\n", StandardCharsets.UTF_8);

        DataException e = assertThrows(DataException.class, () -> read(Map.of("path", "bel.csv", "label", "label")));

        assertEquals(folder.resolve("bel.csv") + ":2:4: expected text but found the control character '\\u0007'; a "
                + "CSV file holds no control characters but tabs and line breaks", e.getMessage());
    }

    @Test
    void anInputThatTheScaleMakesInfiniteIsReportedAtItsCell() throws IOException {
        Files.writeString(folder.resolve("s.csv"), "x,label\n1e300,a\n", StandardCharsets.UTF_8);

        DataException e = assertThrows(DataException.class, () -> read(Map.of("path", "s.csv", "label", "label",
                "scale", 1e10)));

        assertEquals(folder.resolve("s.csv") + ":2:1: column 'x': 1e300 times the scale 1.0E10 is too large for a "
                + "number", e.getMessage());
    }

    private static void create(Map<String, Object> parameters) {
        new CsvDataSourceProvider().create(new ComponentParameters(parameters));
    }

    private DataTable read(Map<String, Object> parameters) throws IOException {
        return new CsvDataSourceProvider().create(new ComponentParameters(parameters))
                .read(new DataContext(folder, List.of()));
    }
}
