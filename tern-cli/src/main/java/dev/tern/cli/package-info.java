/**
 * The {@code ./tern} command line: {@link dev.tern.cli.Main} dispatches to {@code demo},
 * {@code gen} and the Apache cross-test commands in {@code dev.tern.cli.crosstest}.
 */
package dev.tern.cli;
