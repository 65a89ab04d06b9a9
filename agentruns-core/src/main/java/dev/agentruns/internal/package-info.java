/** Implementation details of the core. Not API: may change in any release. */
package dev.agentruns.internal;
