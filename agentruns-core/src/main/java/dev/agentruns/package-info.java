/**
 * The public API of agentruns: {@link dev.agentruns.AgentRuns} (entry point and builder),
 * {@link dev.agentruns.Workspace} (every operation, scoped to one workspace), the domain values
 * (sessions, messages, content blocks, activity events, output), queries and exceptions (all
 * subclasses of {@link dev.agentruns.AgentRunsException}).
 */
package dev.agentruns;
