/** The {@code nn} subcommands, one class each; options shared by several live in mixins. */
package dev.nn.cli.commands;
