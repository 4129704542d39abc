/**
 * The test kit for plugin authors, module {@code nn-testkit}.
 *
 * <p>{@link dev.nn.testkit.PluginTestKit} checks an activation, loss or layer provider in one JUnit call, the way
 * the platform will use it. A plugin's pom adds
 * <pre>{@code
 * <dependency>
 *   <groupId>dev.nn</groupId>
 *   <artifactId>nn-testkit</artifactId>
 *   <version>0.1.0-SNAPSHOT</version>
 *   <scope>test</scope>
 * </dependency>
 * }</pre>
 * and {@code org.junit.jupiter:junit-jupiter} (test scope) to run its tests. The kit brings along nn-core (the
 * platform its checks run on) and {@code junit-jupiter-api}: it fails through
 * {@link org.junit.jupiter.api.Assertions#fail(String)}, so a failed check is an ordinary
 * {@code org.opentest4j.AssertionFailedError} whose message says what is wrong, and any test framework that reports
 * {@link AssertionError}s reports it.
 */
package dev.nn.testkit;
