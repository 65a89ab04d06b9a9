package dev.agentruns;

/** Order of a session list, by start time then id. */
public enum SortOrder {
    /** Most recently started first (the default). */
    NEWEST_FIRST,
    /** Earliest started first. */
    OLDEST_FIRST
}
