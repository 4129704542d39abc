package dev.nn.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class NameSuggestionsTest {
    private static final List<String> ACTIVATIONS =
            List.of("identity", "leaky_relu", "linear", "relu", "sigmoid", "softmax", "tanh");

    @Test
    void aTranspositionSuggestsTheIntendedName() {
        assertEquals(Optional.of("relu"), NameSuggestions.closest("rleu", ACTIVATIONS));
    }

    @Test
    void aMissingLetterOrAWrongCaseSuggestsTheName() {
        assertEquals(Optional.of("sigmoid"), NameSuggestions.closest("sigmod", ACTIVATIONS));
        assertEquals(Optional.of("relu"), NameSuggestions.closest("ReLU", ACTIVATIONS));
        assertEquals(Optional.of("leaky_relu"), NameSuggestions.closest("leakyrelu", ACTIVATIONS));
    }

    @Test
    void farNamesSuggestNothing() {
        assertEquals(Optional.empty(), NameSuggestions.closest("softplus", ACTIVATIONS));
        assertEquals(Optional.empty(), NameSuggestions.closest("gelu_tanh_approx", ACTIVATIONS));
        assertEquals(Optional.empty(), NameSuggestions.closest("xyz", ACTIVATIONS));
    }

    @Test
    void noCandidatesSuggestNothing() {
        assertEquals(Optional.empty(), NameSuggestions.closest("relu", List.of()));
    }

    @Test
    void distanceCountsEditsAndAdjacentTranspositionsOnce() {
        assertEquals(0, NameSuggestions.distance("relu", "relu"));
        assertEquals(1, NameSuggestions.distance("rleu", "relu"));
        assertEquals(1, NameSuggestions.distance("rel", "relu"));
        assertEquals(1, NameSuggestions.distance("relux", "relu"));
        assertEquals(1, NameSuggestions.distance("rele", "relu"));
        assertEquals(3, NameSuggestions.distance("kitten", "sitting"));
        assertEquals(4, NameSuggestions.distance("", "tanh"));
    }

    @Test
    void unknownComponentMessageSuggestsAndListsAvailableNames() {
        UnknownComponentException e =
                new UnknownComponentException(ComponentKind.ACTIVATION, "rleu", List.of("identity", "relu", "tanh"));

        assertEquals("unknown activation 'rleu'; did you mean 'relu'?; available: identity, relu, tanh",
                e.getMessage());
        assertEquals(Optional.of("relu"), e.suggestion());
        assertEquals(List.of("identity", "relu", "tanh"), e.available());
        assertEquals(ComponentKind.ACTIVATION, e.kind());
        assertEquals("rleu", e.name());
    }

    @Test
    void unknownComponentMessageForAFarNameOnlyListsAvailableNames() {
        UnknownComponentException e =
                new UnknownComponentException(ComponentKind.LOSS, "hinge", List.of("cross_entropy", "mse"));

        assertFalse(e.getMessage().contains("did you mean"), e.getMessage());
        assertTrue(e.getMessage().startsWith("unknown loss 'hinge'"), e.getMessage());
        assertTrue(e.getMessage().endsWith("available: cross_entropy, mse"), e.getMessage());
        assertEquals(Optional.empty(), e.suggestion());
    }

    @Test
    void unknownComponentMessageSaysWhenNoneAreAvailable() {
        UnknownComponentException e = new UnknownComponentException(ComponentKind.OPTIMIZER, "adam", List.of());

        assertEquals("unknown optimizer 'adam'; none are available", e.getMessage());
    }
}
