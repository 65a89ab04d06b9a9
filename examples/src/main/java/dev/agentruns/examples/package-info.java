/**
 * Runnable programs that show agentruns doing its job. {@link dev.agentruns.examples.AgentRunsDemo}
 * simulates three agents on the in-memory store and prints the Agent Runs view as text.
 */
package dev.agentruns.examples;
