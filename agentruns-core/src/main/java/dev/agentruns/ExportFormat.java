package dev.agentruns;

/** How {@link Workspace#exportOutputs} writes outputs. */
public enum ExportFormat {
    /** One JSON array of objects. */
    JSON_ARRAY,
    /** One JSON object per line (JSON Lines). */
    JSON_LINES
}
