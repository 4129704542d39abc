package dev.nn.spi;

import java.util.List;

/**
 * Creates a {@link DataSource} from a spec's data mapping, e.g. {@code {format: csv, path: iris.csv, label: species}}:
 * the provider's {@link #name()} is the {@code format}, the other keys are its parameters. Registered in
 * {@code META-INF/services/dev.nn.spi.DataSourceProvider}.
 */
public interface DataSourceProvider extends ComponentProvider<DataSource> {
    /**
     * The parameters that hold file paths (relative to the spec's folder), so that a model saved elsewhere can point
     * at the same files.
     */
    default List<String> pathParameters() {
        return List.of("path");
    }
}
