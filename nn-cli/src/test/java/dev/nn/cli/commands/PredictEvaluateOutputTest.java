package dev.nn.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.train.ConfusionMatrix;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

final class PredictEvaluateOutputTest {
    @Test
    void csvFieldsAreQuotedOnlyWhenTheyMustBe() {
        assertEquals("setosa", PredictCommand.field("setosa"));
        assertEquals("T-shirt/top", PredictCommand.field("T-shirt/top"));
        assertEquals("Ankle boot", PredictCommand.field("Ankle boot"));
        assertEquals("\"a,b\"", PredictCommand.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", PredictCommand.field("say \"hi\""));
        assertEquals("\" padded \"", PredictCommand.field(" padded "));
        assertEquals("\"\"", PredictCommand.field(""));
    }

    @Test
    void perClassTableAndConfusionMatrixAreAlignedUnderTheirHeaders() {
        ConfusionMatrix matrix = new ConfusionMatrix(List.of("cat", "dog", "hippopotamus"));
        for (int i = 0; i < 12; i++) {
            matrix.add(0, 0);
        }
        matrix.add(0, 1);
        matrix.add(1, 1);
        matrix.add(2, 0);
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);

        EvaluateCommand.printPerClass(out, matrix);
        EvaluateCommand.printMatrix(out, matrix);
        out.flush();

        assertEquals(String.join("\n",
                "class         precision     recall         f1    support",
                "cat              0.9231     0.9231     0.9231         13",
                "dog              0.5000     1.0000     0.6667          1",
                "hippopotamus          -     0.0000     0.0000          1",
                "confusion matrix (rows: true class, columns: predicted class)",
                "              cat  dog  hippopotamus",
                "cat            12    1             0",
                "dog             0    1             0",
                "hippopotamus    1    0             0",
                ""), text.toString().replace(System.lineSeparator(), "\n"));
    }
}
