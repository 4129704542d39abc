package dev.nn.optimizers;

import dev.nn.spi.Parameter;
import dev.nn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** One zero-initialised tensor per parameter position, created on first use (an optimizer's moment or velocity). */
final class ParameterState {
    private final List<Tensor> tensors = new ArrayList<>();

    Tensor get(int index, Parameter parameter) {
        while (tensors.size() <= index) {
            tensors.add(null);
        }
        Tensor tensor = tensors.get(index);
        if (tensor == null) {
            tensor = Tensor.zeros(parameter.value().rows(), parameter.value().columns());
            tensors.set(index, tensor);
        }
        return tensor;
    }
}
