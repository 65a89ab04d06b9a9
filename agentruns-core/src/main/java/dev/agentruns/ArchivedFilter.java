package dev.agentruns;

/** Whether a query returns archived sessions. */
public enum ArchivedFilter {
    /** Only sessions that are not archived (the default list). */
    EXCLUDE,
    /** Archived and not archived sessions. */
    INCLUDE,
    /** Only archived sessions. */
    ONLY
}
