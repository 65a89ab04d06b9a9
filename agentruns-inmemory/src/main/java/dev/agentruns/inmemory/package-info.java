/**
 * An in-memory storage adapter: {@link dev.agentruns.inmemory.InMemorySessionRepository}, a
 * thread-safe {@link dev.agentruns.spi.SessionRepository} that keeps sessions, transcripts and
 * activity in the heap. It is the reference adapter: fast, dependency-free, and checked by the same
 * contract test kit ({@code agentruns-testkit}) as every other adapter.
 *
 * <pre>{@code
 * SessionRepository repository = new InMemorySessionRepository();
 * AgentRuns agentRuns = AgentRuns.builder(repository).build();
 * }</pre>
 *
 * <p>Every type in this package other than {@code InMemorySessionRepository} is an implementation
 * detail.
 */
package dev.agentruns.inmemory;
