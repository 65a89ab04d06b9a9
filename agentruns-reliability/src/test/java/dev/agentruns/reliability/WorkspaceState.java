package dev.agentruns.reliability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.agentruns.ArchivedFilter;
import dev.agentruns.Page;
import dev.agentruns.Session;
import dev.agentruns.SessionQuery;
import dev.agentruns.SessionSummary;
import dev.agentruns.Workspace;

/**
 * Everything a workspace shows (every session, archived ones included, with its messages and activity
 * timeline, and the list counts) as text, with generated ids replaced by their order of first
 * appearance and the workspace id by {@code *}, so that two runs of the same steps under a fixed clock give equal states.
 */
final class WorkspaceState {
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private WorkspaceState() {
    }

    static String of(Workspace workspace) {
        List<Session> sessions = new ArrayList<>();
        SessionQuery query = SessionQuery.builder().archived(ArchivedFilter.INCLUDE).limit(100).build();
        while (true) {
            Page<SessionSummary> page = workspace.list(query);
            page.items().forEach(s -> sessions.add(workspace.get(s.id())));
            if (!page.hasNext()) {
                break;
            }
            query = query.withCursor(page.nextCursor());
        }
        sessions.sort(Comparator.comparing((Session s) -> s.summary().title()).thenComparing(s -> s.summary().startedAt()));
        StringBuilder text = new StringBuilder();
        text.append("count(default list)=").append(workspace.count(SessionQuery.all())).append('\n');
        for (Session s : sessions) {
            text.append(s).append('\n');
            workspace.messages(s.id()).forEach(m -> text.append("  ").append(m).append('\n'));
            workspace.activity(s.id()).forEach(e -> text.append("  ").append(e).append('\n'));
        }
        return normaliseIds(text.toString().replace("workspaceId=" + workspace.id() + ",", "workspaceId=*,"));
    }

    private static String normaliseIds(String text) {
        Map<String, String> names = new LinkedHashMap<>();
        Matcher m = UUID.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, names.computeIfAbsent(m.group(), id -> "id" + names.size()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
