package dev.nn.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

final class UserTextTest {
    @Test
    void lineBreaksTabsAndControlCharactersAreEscaped() {
        assertEquals("'set\\nosa\\r\\t\\u0000\\u0007\\u007f\\u2028'",
                UserText.quote("set\nosa\r\t\u0000\u0007\u007f\u2028"));
    }

    @Test
    void plainTextIsQuotedAsItIs() {
        assertEquals("'versicolor'", UserText.quote("versicolor"));
        assertEquals("\"a b\"", UserText.quote("a b", '"'));
        assertEquals("/tmp/data é.csv", UserText.escape("/tmp/data é.csv"));
    }

    @Test
    void aLongValueIsCutToSixtyCharactersWithItsLengthSaid() {
        String cell = "x".repeat(10 * 1024 * 1024);

        String quoted = UserText.quote(cell);

        assertEquals("'" + "x".repeat(60) + "...' (10485760 characters)", quoted);
    }

    @Test
    void aValueOfExactlySixtyCharactersIsShownWhole() {
        assertEquals("'" + "y".repeat(60) + "'", UserText.quote("y".repeat(60)));
    }
}
