package dev.nn.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

final class ExportCommandTest {
    @Test
    void metadataListsAreJsonArraysThatEscapeQuotesBackslashesAndControlCharacters() {
        assertEquals("[]", ExportCommand.jsonArray(List.of()));
        assertEquals("[\"T-shirt/top\",\"a, b\"]", ExportCommand.jsonArray(List.of("T-shirt/top", "a, b")));
        assertEquals("[\"say \\\"hi\\\"\",\"C:\\\\x\",\"tab\\there\",\"bell\\u0007\",\"é\"]",
                ExportCommand.jsonArray(List.of("say \"hi\"", "C:\\x", "tab\there", "bell\u0007", "é")));
    }
}
