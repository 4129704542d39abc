package dev.nn.datasources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.spi.ComponentParameters;
import dev.nn.spi.DataContext;
import dev.nn.spi.DataTable;
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

    private DataTable read(Map<String, Object> parameters) throws IOException {
        return new CsvDataSourceProvider().create(new ComponentParameters(parameters))
                .read(new DataContext(folder, List.of()));
    }
}
