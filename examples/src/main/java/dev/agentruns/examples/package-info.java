/**
 * Runnable programs that show agentruns doing its job. {@link dev.agentruns.examples.AgentRunsDemo}
 * simulates three agents on the embedded SQLite store and prints the Agent Runs view as text; the
 * sessions stay in the file, so every run also shows those of the runs before it.
 */
package dev.agentruns.examples;
