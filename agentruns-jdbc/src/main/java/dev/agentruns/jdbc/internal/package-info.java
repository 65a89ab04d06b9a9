/**
 * Internals of {@code agentruns-jdbc}: per-dialect SQL, the migrator, row mapping and the
 * transaction runner. Not API: free to change in any release.
 */
package dev.agentruns.jdbc.internal;
