/**
 * The test kit for plugin authors, shipped in nn-core's test-jar.
 *
 * <p>{@link dev.nn.testkit.PluginTestKit} checks an activation or loss provider in one JUnit call: its name, its
 * derivative against finite differences, its determinism, its behaviour at extreme inputs and its declared
 * properties. A plugin's pom adds
 * <pre>{@code
 * <dependency>
 *   <groupId>dev.nn</groupId>
 *   <artifactId>nn-core</artifactId>
 *   <version>0.1.0-SNAPSHOT</version>
 *   <type>test-jar</type>
 *   <scope>test</scope>
 * </dependency>
 * }</pre>
 * and {@code org.junit.jupiter:junit-jupiter} itself (test scope): the kit fails through
 * {@link org.junit.jupiter.api.Assertions}, but JUnit is not a dependency that nn-core passes on.
 */
package dev.nn.testkit;
