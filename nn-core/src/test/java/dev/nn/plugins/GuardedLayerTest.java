package dev.nn.plugins;

import dev.nn.registry.PluginException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.spi.ForwardContext;
import dev.nn.spi.Layer;
import dev.nn.spi.OnnxExportable;
import dev.nn.spi.OnnxGraphBuilder;
import dev.nn.spi.Parameter;
import dev.nn.tensor.Tensor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** As Trino's TestClassLoaderSafeWrappers: no method of the layer SPI may slip past the guard. */
final class GuardedLayerTest {
    @Test
    void theGuardedLayerOverridesEveryMethodOfLayer() throws NoSuchMethodException {
        for (Method method : Layer.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            Method own = GuardedComponents.GuardedLayer.class.getDeclaredMethod(method.getName(),
                    method.getParameterTypes());
            assertEquals(GuardedComponents.GuardedLayer.class, own.getDeclaringClass(), method.toString());
        }
    }

    @Test
    void aGuardedLayerHasAnOnnxFormExactlyWhenThePluginsLayerHasOne() {
        Guard guard = new Guard("plugin x.jar (com.example.X)", getClass().getClassLoader());
        GuardedComponents.GuardedLayer plain = new GuardedComponents.GuardedLayer(new Plain(), guard, "plain");
        GuardedComponents.GuardedLayer exportable = new GuardedComponents.GuardedExportableLayer(new Exportable(),
                guard, "exportable");

        assertFalse(plain instanceof OnnxExportable);
        PluginException e = assertThrows(PluginException.class,
                () -> ((OnnxExportable) exportable).toOnnx("input", null));
        assertTrue(e.getMessage().startsWith("plugin x.jar (com.example.X): layer 'exportable' toOnnx failed: "
                + "java.lang.IllegalStateException: no graph"), e.getMessage());
    }

    private static class Plain implements Layer {
        @Override
        public int inputSize() {
            return 1;
        }

        @Override
        public int outputSize() {
            return 1;
        }

        @Override
        public List<Parameter> parameters() {
            return List.of();
        }

        @Override
        public Tensor forward(Tensor input, ForwardContext context) {
            return input;
        }

        @Override
        public Tensor backward(Tensor gradOutput, boolean inputGradientNeeded) {
            return gradOutput;
        }
    }

    private static final class Exportable extends Plain implements OnnxExportable {
        @Override
        public String toOnnx(String input, OnnxGraphBuilder graph) {
            throw new IllegalStateException("no graph");
        }
    }

    @Test
    void aFailingForwardIsReportedAsThePluginsFailure() {
        Layer failing = new Layer() {
            @Override
            public int inputSize() {
                return 1;
            }

            @Override
            public int outputSize() {
                return 1;
            }

            @Override
            public List<Parameter> parameters() {
                return List.of();
            }

            @Override
            public Tensor forward(Tensor input, ForwardContext context) {
                throw new IllegalStateException("boom");
            }

            @Override
            public Tensor backward(Tensor gradOutput, boolean inputGradientNeeded) {
                return gradOutput;
            }
        };
        Layer guarded = new GuardedComponents.GuardedLayer(failing,
                new Guard("plugin x.jar (com.example.X)", getClass().getClassLoader()), "x");

        PluginException e = assertThrows(PluginException.class,
                () -> guarded.forward(Tensor.zeros(1, 1), ForwardContext.inference()));

        assertTrue(e.getMessage().startsWith("plugin x.jar (com.example.X): layer 'x' forward failed: "
                + "java.lang.IllegalStateException: boom"), e.getMessage());
        assertTrue(guarded.outputActivation().isEmpty());
        assertEquals(List.of(), guarded.state());
    }
}
