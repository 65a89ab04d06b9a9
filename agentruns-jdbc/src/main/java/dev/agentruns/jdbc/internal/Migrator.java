package dev.agentruns.jdbc.internal;

import dev.agentruns.jdbc.Dialect;
import dev.agentruns.jdbc.SchemaMigrationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the tables of one prefix to the newest schema version this library knows, using the
 * versioned scripts {@code dev/agentruns/jdbc/<dialect>/V<n>__<description>.sql} (Flyway's naming;
 * {@code ${prefix}} in a script is replaced by the validated table prefix).
 *
 * <p>Applied versions are recorded in {@code <prefix>schema_version} with the CRC32 checksum of the
 * script as shipped (before the prefix is substituted, so the checksum does not depend on it). On
 * start it refuses a database whose schema is newer than the library knows and scripts whose
 * checksum changed after they ran. The whole run holds a dialect-specific lock, so processes that
 * start together migrate once. Stateless apart from its configuration; thread-safe.
 */
public final class Migrator {
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);

    /**
     * Every schema version this library knows, in order, with the dialects it changes (a dialect's
     * versions are the ones that name it). Adding a version appends here and adds its scripts.
     */
    static final List<Script> SCRIPTS = List.of(
            new Script(1, "create_tables", EnumSet.allOf(Dialect.class)),
            new Script(2, "session_counters_apart", EnumSet.of(Dialect.H2)));

    /** One versioned script, for the dialects that have it. */
    record Script(int version, String description, Set<Dialect> dialects) {
        String fileName() {
            return "V" + version + "__" + description + ".sql";
        }

        String displayDescription() {
            return description.replace('_', ' ');
        }
    }

    /** An applied version as recorded in the version table. */
    private record Applied(int version, String description, int checksum) {
    }

    private final Jdbi jdbi;
    private final Statements sql;
    private final int target;

    /** Migrates to the newest version of the dialect. */
    public Migrator(Jdbi jdbi, Statements sql) {
        this(jdbi, sql, latestVersion(sql.dialect()));
    }

    /** Migrates to {@code target}, a version of the dialect, and no further. */
    Migrator(Jdbi jdbi, Statements sql, int target) {
        this.jdbi = jdbi;
        this.sql = sql;
        this.target = target;
    }

    /** The schema versions of a dialect, in order. */
    static List<Script> scripts(Dialect dialect) {
        return SCRIPTS.stream().filter(s -> s.dialects().contains(dialect)).toList();
    }

    /** The newest schema version this library knows for a dialect. */
    public static int latestVersion(Dialect dialect) {
        List<Script> scripts = scripts(dialect);
        return scripts.get(scripts.size() - 1).version();
    }

    /** Applies every pending script; returns how many were applied. */
    public int migrate() {
        try (Handle h = jdbi.open()) {
            int[] applied = {0};
            sql.withMigrationLock(jdbi, h, () -> applied[0] = migrateLocked(h));
            return applied[0];
        }
    }

    private int migrateLocked(Handle h) {
        h.execute(sql.createVersionTable());
        Map<Integer, Applied> installed = new LinkedHashMap<>();
        h.createQuery(sql.selectVersions())
                .map((rs, ctx) -> new Applied(rs.getInt("version"), rs.getString("description"), rs.getInt("checksum")))
                .forEach(a -> installed.put(a.version(), a));
        int latest = latestVersion(sql.dialect());
        int current = installed.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (current > latest) {
            throw new SchemaMigrationException("the database schema of table prefix '" + sql.prefix()
                    + "' is at version " + current + ", newer than version " + latest
                    + ", the newest this agentruns-jdbc knows; upgrade agentruns-jdbc (or point it at other tables)");
        }
        int count = 0;
        for (Script script : scripts(sql.dialect()).stream().filter(s -> s.version() <= target).toList()) {
            String text = load(script);
            int checksum = checksum(text);
            Applied done = installed.get(script.version());
            if (done != null) {
                if (done.checksum() != checksum) {
                    throw new SchemaMigrationException("migration " + script.fileName() + " of table prefix '"
                            + sql.prefix() + "' was applied with checksum " + done.checksum() + " but the script now has "
                            + checksum + "; the shipped script must not change after it ran");
                }
                continue;
            }
            for (String statement : statements(text.replace("${prefix}", sql.prefix()))) {
                h.execute(statement);
            }
            h.createUpdate(sql.insertVersion()).bind(0, script.version()).bind(1, script.displayDescription())
                    .bind(2, checksum).bind(3, Micros.of(Instant.now())).execute();
            LOG.info("Applied agentruns schema migration {} to {} tables with prefix '{}'", script.fileName(),
                    sql.dialect(), sql.prefix());
            count++;
        }
        if (count == 0) {
            LOG.debug("agentruns schema with prefix '{}' is up to date at version {}", sql.prefix(), latest);
        }
        return count;
    }

    private String load(Script script) {
        String path = "/dev/agentruns/jdbc/" + sql.dialect().resourceDirectory() + "/" + script.fileName();
        try (InputStream in = Migrator.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new SchemaMigrationException("migration script " + path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SchemaMigrationException("cannot read migration script " + path, e);
        }
    }

    /** CRC32 of the script's lines joined by '\n', so line endings do not matter. */
    static int checksum(String script) {
        CRC32 crc = new CRC32();
        crc.update(String.join("\n", script.lines().toList()).getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    /**
     * Splits a script into statements: each ends with ';' at the end of a line. Lines starting with
     * "--" are comments. The shipped scripts keep to that shape.
     */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                out.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(trimmed).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }
}
