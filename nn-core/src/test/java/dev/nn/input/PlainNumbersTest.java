package dev.nn.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class PlainNumbersTest {
    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "+1", "5.1", "-1.5e3", "1E-7", ".5", "5.", "0.25", "1e-400",
        "123456789012345678901234567890"})
    void plainDecimalsAreReadAsJavaReadsThem(String text) {
        assertEquals(Double.parseDouble(text), PlainNumbers.parse(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0x1p3|hexadecimal numbers are not accepted",
        "3f|a type suffix ('f') is not accepted",
        "2d|a type suffix ('d') is not accepted",
        "017|a leading zero",
        "1_000|underscores are not accepted",
        "1:30|sexagesimal numbers are not accepted",
        "1.2.3|digits with an optional sign, fraction and exponent",
        "e5|digits with an optional sign, fraction and exponent",
        "oops|digits with an optional sign, fraction and exponent"})
    void whatJavaWouldAcceptOrGuessIsRefusedWithTheReason(String text, String reason) {
        PlainNumbers.NotAPlainNumberException e = assertThrows(PlainNumbers.NotAPlainNumberException.class,
                () -> PlainNumbers.parse(text));

        assertTrue(e.getMessage().startsWith("expected a plain decimal number but found '" + text + "' ("),
                e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Infinity", "-Infinity", "NaN", "+inf", ".nan"})
    void infinityAndNanWordsAreNotFinite(String text) {
        PlainNumbers.NotAPlainNumberException e = assertThrows(PlainNumbers.NotAPlainNumberException.class,
                () -> PlainNumbers.parse(text));

        assertEquals("expected a finite number but found '" + text + "'", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1\u0000", "\u00001", "1\u0007"})
    void controlCharactersAroundADigitAreRefusedAndShownEscaped(String text) {
        PlainNumbers.NotAPlainNumberException e = assertThrows(PlainNumbers.NotAPlainNumberException.class,
                () -> PlainNumbers.parse(text));

        assertTrue(e.getMessage().contains("\\u00"), e.getMessage());
        assertFalse(e.getMessage().chars().anyMatch(c -> c < 0x20), e.getMessage());
        assertTrue(e.getMessage().contains(text.indexOf(0) >= 0 ? "a NUL byte at character "
                : "a control character at character 2"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e309", "-1e309", "400 digits"})
    void numbersTooLargeForADoubleAreRefused(String given) {
        String text = given.equals("400 digits") ? "1" + "0".repeat(400) : given;
        PlainNumbers.NotAPlainNumberException e = assertThrows(PlainNumbers.NotAPlainNumberException.class,
                () -> PlainNumbers.parse(text));

        assertTrue(e.getMessage().startsWith("expected a finite number but found"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(too large for a number)"), e.getMessage());
    }
}
