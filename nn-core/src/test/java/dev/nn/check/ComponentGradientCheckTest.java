package dev.nn.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.spi.Activation;
import dev.nn.spi.ActivationProperties;
import dev.nn.spi.ElementwiseActivation;
import dev.nn.spi.Loss;
import dev.nn.spi.LossProperties;
import dev.nn.spi.Range;
import dev.nn.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ComponentGradientCheckTest {
    private static final long SEED = 42;

    private static final ElementwiseActivation CUBE = new ElementwiseActivation() {
        @Override
        public double value(double x) {
            return x * x * x;
        }

        @Override
        public double derivative(double x) {
            return 3 * x * x;
        }
    };

    private static final ElementwiseActivation CUBE_WITH_WRONG_DERIVATIVE = new ElementwiseActivation() {
        @Override
        public double value(double x) {
            return x * x * x;
        }

        @Override
        public double derivative(double x) {
            return 2 * x * x;
        }
    };

    private static final ElementwiseActivation LOGISTIC = new ElementwiseActivation() {
        @Override
        public double value(double x) {
            return 1 / (1 + Math.exp(-x));
        }

        @Override
        public double derivative(double x) {
            double s = value(x);
            return s * (1 - s);
        }

        @Override
        public ActivationProperties properties() {
            return new ActivationProperties(Range.closed(0, 1), List.of(), false, false, "glorot_uniform");
        }
    };

    /** {@code |x|}, whose derivative is wrong only just beside its kink. */
    private static final ElementwiseActivation ABS_WRONG_NEAR_KINK = new ElementwiseActivation() {
        @Override
        public double value(double x) {
            return Math.abs(x);
        }

        @Override
        public double derivative(double x) {
            return Math.abs(x) < 0.002 ? 0 : Math.signum(x);
        }

        @Override
        public ActivationProperties properties() {
            return new ActivationProperties(Range.ALL, List.of(0.0), false, false, "he_uniform");
        }
    };

    private static final Loss SQUARED_ERROR = new Loss() {
        @Override
        public double value(Tensor predictions, Tensor targets) {
            double sum = 0;
            for (int i = 0; i < predictions.size(); i++) {
                double d = predictions.data()[i] - targets.data()[i];
                sum += d * d;
            }
            return sum / predictions.rows();
        }

        @Override
        public void gradient(Tensor predictions, Tensor targets, Tensor gradient) {
            for (int i = 0; i < predictions.size(); i++) {
                gradient.data()[i] = 2 * (predictions.data()[i] - targets.data()[i]) / predictions.rows();
            }
        }
    };

    private static final Loss SQUARED_ERROR_WITHOUT_FACTOR_TWO = new Loss() {
        @Override
        public double value(Tensor predictions, Tensor targets) {
            return SQUARED_ERROR.value(predictions, targets);
        }

        @Override
        public void gradient(Tensor predictions, Tensor targets, Tensor gradient) {
            for (int i = 0; i < predictions.size(); i++) {
                gradient.data()[i] = (predictions.data()[i] - targets.data()[i]) / predictions.rows();
            }
        }
    };

    @Test
    void correctElementwiseDerivativePasses() {
        CheckResult result = ComponentGradientCheck.checkActivation(CUBE, SEED);

        assertTrue(result.passed(), result::toString);
        assertTrue(result.maxRelativeError() <= ComponentGradientCheck.TOLERANCE, result::toString);
        assertEquals(5 * ComponentGradientCheck.COLUMNS, result.points());
    }

    @Test
    void wrongElementwiseDerivativeFailsAndNamesBothValues() {
        CheckResult result = ComponentGradientCheck.checkActivation(CUBE_WITH_WRONG_DERIVATIVE, SEED);

        assertFalse(result.passed());
        assertTrue(result.maxRelativeError() > 0.1, result::toString);
        assertTrue(result.worst().contains("analytic") && result.worst().contains("numeric"), result.worst());
    }

    @Test
    void reluWithHalfSlopeFails() {
        ElementwiseActivation halfSlopeRelu = new ElementwiseActivation() {
            @Override
            public double value(double x) {
                return Math.max(0, x);
            }

            @Override
            public double derivative(double x) {
                return x > 0 ? 0.5 : 0;
            }

            @Override
            public ActivationProperties properties() {
                return new ActivationProperties(
                        new Range(0, true, Double.POSITIVE_INFINITY, false), List.of(0.0), false, false, "he_uniform");
            }
        };

        assertFalse(ComponentGradientCheck.checkActivation(halfSlopeRelu, SEED).passed());
    }

    @Test
    void nearlyFlatDerivativeAtLargeInputsPassesDespiteRounding() {
        CheckResult result = ComponentGradientCheck.checkActivation(LOGISTIC, SEED);

        assertTrue(result.passed(), result::toString);
    }

    @Test
    void derivativeWrongOnlyBesideADeclaredKinkFails() {
        CheckResult result = ComponentGradientCheck.checkActivation(ABS_WRONG_NEAR_KINK, SEED);

        assertFalse(result.passed(), result::toString);
        assertTrue(result.worst().contains("z = 0.00100000") || result.worst().contains("z = -0.00100000"),
                result.worst());
    }

    @Test
    void derivativeWrongOnlyForLargeInputsFails() {
        ElementwiseActivation wrongWhenLarge = new ElementwiseActivation() {
            @Override
            public double value(double x) {
                return 2 * x;
            }

            @Override
            public double derivative(double x) {
                return Math.abs(x) > 10 ? 1 : 2;
            }
        };

        assertFalse(ComponentGradientCheck.checkActivation(wrongWhenLarge, SEED).passed());
    }

    @Test
    void correctRowwiseVectorJacobianProductPasses() {
        CheckResult result = ComponentGradientCheck.checkActivation(new TestSoftmax(false), SEED);

        assertTrue(result.passed(), result::toString);
        assertTrue(result.worst().contains("row z = ["), result.worst());
    }

    @Test
    void rowwiseBackwardThatIgnoresOtherColumnsFails() {
        assertFalse(ComponentGradientCheck.checkActivation(new TestSoftmax(true), SEED).passed());
    }

    @Test
    void outputOutsideTheDeclaredRangeFails() {
        ElementwiseActivation claimsPositive = new ElementwiseActivation() {
            @Override
            public double value(double x) {
                return x;
            }

            @Override
            public double derivative(double x) {
                return 1;
            }

            @Override
            public ActivationProperties properties() {
                return new ActivationProperties(Range.open(0, 1), List.of(), false, false, "glorot_uniform");
            }
        };

        CheckResult result = ComponentGradientCheck.checkActivation(claimsPositive, SEED);

        assertFalse(result.passed());
        assertTrue(result.worst().contains("outside the declared output range (0, 1)"), result.worst());
    }

    @Test
    void outputOnAClosedEndOfTheRangePasses() {
        ElementwiseActivation clipped = new ElementwiseActivation() {
            @Override
            public double value(double x) {
                return x < 0 ? 0 : 1;
            }

            @Override
            public double derivative(double x) {
                return 0;
            }

            @Override
            public ActivationProperties properties() {
                return new ActivationProperties(Range.closed(0, 1), List.of(0.0), false, false, "glorot_uniform");
            }
        };

        assertTrue(ComponentGradientCheck.checkActivation(clipped, SEED).passed());
    }

    @Test
    void activationThatThrowsFailsWithTheReason() {
        ElementwiseActivation throwing = new ElementwiseActivation() {
            @Override
            public double value(double x) {
                throw new IllegalStateException("broken plugin");
            }

            @Override
            public double derivative(double x) {
                return 0;
            }
        };

        CheckResult result = ComponentGradientCheck.checkActivation(throwing, SEED);

        assertFalse(result.passed());
        assertEquals(0, result.points());
        assertTrue(Double.isNaN(result.maxRelativeError()));
        assertTrue(result.worst().contains("forward threw java.lang.IllegalStateException: broken plugin"),
                result.worst());
    }

    @Test
    void nanDerivativeFails() {
        ElementwiseActivation nanDerivative = new ElementwiseActivation() {
            @Override
            public double value(double x) {
                return x;
            }

            @Override
            public double derivative(double x) {
                return Double.NaN;
            }
        };

        CheckResult result = ComponentGradientCheck.checkActivation(nanDerivative, SEED);

        assertFalse(result.passed());
        assertTrue(result.worst().startsWith("backward gave NaN"), result.worst());
    }

    @Test
    void forwardThatModifiesItsInputFails() {
        Activation modifying = new Activation() {
            @Override
            public void forward(Tensor input, Tensor output) {
                output.copyFromInPlace(input);
                input.fillInPlace(0);
            }

            @Override
            public void backward(Tensor input, Tensor output, Tensor gradOutput, Tensor gradInput) {
                gradInput.copyFromInPlace(gradOutput);
            }
        };

        CheckResult result = ComponentGradientCheck.checkActivation(modifying, SEED);

        assertFalse(result.passed());
        assertEquals("forward modified its input", result.worst());
    }

    @Test
    void backwardThatAccumulatesInsteadOfOverwritingFails() {
        Activation accumulating = new Activation() {
            @Override
            public void forward(Tensor input, Tensor output) {
                output.copyFromInPlace(input);
            }

            @Override
            public void backward(Tensor input, Tensor output, Tensor gradOutput, Tensor gradInput) {
                for (int i = 0; i < gradInput.size(); i++) {
                    gradInput.data()[i] += gradOutput.data()[i];
                }
            }
        };

        assertFalse(ComponentGradientCheck.checkActivation(accumulating, SEED).passed());
    }

    @Test
    void sameSeedGivesTheSameResult() {
        assertEquals(ComponentGradientCheck.checkActivation(CUBE, 7), ComponentGradientCheck.checkActivation(CUBE, 7));
        assertEquals(ComponentGradientCheck.checkLoss(SQUARED_ERROR, 7),
                ComponentGradientCheck.checkLoss(SQUARED_ERROR, 7));
    }

    @Test
    void correctLossGradientPasses() {
        CheckResult result = ComponentGradientCheck.checkLoss(SQUARED_ERROR, SEED);

        assertTrue(result.passed(), result::toString);
        assertEquals(ComponentGradientCheck.ROWS * ComponentGradientCheck.COLUMNS, result.points());
    }

    @Test
    void lossGradientMissingItsFactorOfTwoFails() {
        CheckResult result = ComponentGradientCheck.checkLoss(SQUARED_ERROR_WITHOUT_FACTOR_TWO, SEED);

        assertFalse(result.passed());
        assertEquals(0.5, result.maxRelativeError(), 1e-6);
        assertTrue(result.worst().contains("prediction") && result.worst().contains("target"), result.worst());
    }

    @Test
    void classificationLossIsCheckedInsideItsPredictionRangeWithOneHotTargets() {
        Loss crossEntropy = new Loss() {
            @Override
            public double value(Tensor predictions, Tensor targets) {
                assertOneHotRows(targets);
                double sum = 0;
                for (int i = 0; i < predictions.size(); i++) {
                    assertTrue(predictions.data()[i] > 0 && predictions.data()[i] < 1);
                    sum -= targets.data()[i] * Math.log(predictions.data()[i]);
                }
                return sum / predictions.rows();
            }

            @Override
            public void gradient(Tensor predictions, Tensor targets, Tensor gradient) {
                for (int i = 0; i < predictions.size(); i++) {
                    gradient.data()[i] = -targets.data()[i] / (predictions.rows() * predictions.data()[i]);
                }
            }

            @Override
            public LossProperties properties() {
                return new LossProperties(new Range(0, false, 1, true), Range.closed(0, 1), true);
            }
        };

        CheckResult result = ComponentGradientCheck.checkLoss(crossEntropy, SEED);

        assertTrue(result.passed(), result::toString);
    }

    @Test
    void lossThatThrowsFailsWithTheReason() {
        Loss throwing = new Loss() {
            @Override
            public double value(Tensor predictions, Tensor targets) {
                return 0;
            }

            @Override
            public void gradient(Tensor predictions, Tensor targets, Tensor gradient) {
                throw new UnsupportedOperationException("no gradient");
            }
        };

        CheckResult result = ComponentGradientCheck.checkLoss(throwing, SEED);

        assertFalse(result.passed());
        assertTrue(result.worst().contains("gradient threw java.lang.UnsupportedOperationException: no gradient"),
                result.worst());
    }

    @Test
    void lossWithNanValueFails() {
        Loss nan = new Loss() {
            @Override
            public double value(Tensor predictions, Tensor targets) {
                return Double.NaN;
            }

            @Override
            public void gradient(Tensor predictions, Tensor targets, Tensor gradient) {
                gradient.fillInPlace(0);
            }
        };

        CheckResult result = ComponentGradientCheck.checkLoss(nan, SEED);

        assertFalse(result.passed());
        assertTrue(result.worst().startsWith("value gave NaN"), result.worst());
    }

    @Test
    void nullPropertiesFail() {
        ElementwiseActivation noProperties = new ElementwiseActivation() {
            @Override
            public double value(double x) {
                return x;
            }

            @Override
            public double derivative(double x) {
                return 1;
            }

            @Override
            public ActivationProperties properties() {
                return null;
            }
        };

        assertEquals(new CheckResult(false, Double.NaN, 0, "properties() returned null"),
                ComponentGradientCheck.checkActivation(noProperties, SEED));
    }

    private static void assertOneHotRows(Tensor targets) {
        for (int row = 0; row < targets.rows(); row++) {
            double sum = 0;
            for (double value : targets.rowCopy(row)) {
                assertTrue(value == 0 || value == 1);
                sum += value;
            }
            assertEquals(1, sum);
        }
    }

    /** Softmax; with {@code diagonalOnly} its backward wrongly keeps only the Jacobian's diagonal. */
    private static final class TestSoftmax implements Activation {
        private final boolean diagonalOnly;

        TestSoftmax(boolean diagonalOnly) {
            this.diagonalOnly = diagonalOnly;
        }

        @Override
        public void forward(Tensor input, Tensor output) {
            for (int r = 0; r < input.rows(); r++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < input.columns(); c++) {
                    max = Math.max(max, input.get(r, c));
                }
                double sum = 0;
                for (int c = 0; c < input.columns(); c++) {
                    sum += Math.exp(input.get(r, c) - max);
                }
                for (int c = 0; c < input.columns(); c++) {
                    output.set(r, c, Math.exp(input.get(r, c) - max) / sum);
                }
            }
        }

        @Override
        public void backward(Tensor input, Tensor output, Tensor gradOutput, Tensor gradInput) {
            for (int r = 0; r < input.rows(); r++) {
                double dot = 0;
                for (int c = 0; c < input.columns(); c++) {
                    dot += gradOutput.get(r, c) * output.get(r, c);
                }
                for (int c = 0; c < input.columns(); c++) {
                    double y = output.get(r, c);
                    double g = gradOutput.get(r, c);
                    gradInput.set(r, c, diagonalOnly ? g * y * (1 - y) : y * (g - dot));
                }
            }
        }

        @Override
        public ActivationProperties properties() {
            return new ActivationProperties(Range.closed(0, 1), List.of(), true, true, "glorot_uniform");
        }
    }
}
