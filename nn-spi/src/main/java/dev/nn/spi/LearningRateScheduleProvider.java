package dev.nn.spi;

/**
 * Creates a {@link LearningRateSchedule}; registered in {@code META-INF/services/dev.nn.spi.LearningRateScheduleProvider}.
 * A spec names it on the optimizer: {@code optimizer: {name: adam, schedule: {name: cosine, warmup_epochs: 2}}}.
 *
 * <p>Added to the SPI without changing its version: plugins built before it keep loading.
 */
public interface LearningRateScheduleProvider extends ComponentProvider<LearningRateSchedule> {
}
