/**
 * The storage port. A storage adapter implements {@link dev.agentruns.spi.SessionRepository};
 * the rules stay in {@link dev.agentruns.AgentRuns}. The contract test kit
 * ({@code agentruns-testkit}) checks an adapter against the contract.
 */
package dev.agentruns.spi;
