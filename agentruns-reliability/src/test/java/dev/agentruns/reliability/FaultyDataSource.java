package dev.agentruns.reliability;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

/**
 * A {@link DataSource} that counts every JDBC call made through it (on the data source, its
 * connections, statements, result sets and metadata, except {@code close}, {@code isClosed} and
 * {@code Object} methods) and can fail one of them:
 *
 * <ul>
 *   <li>{@link #failAt(long, boolean)}: call N (counted from the last {@link #resetCount()}) throws an
 *       {@link InjectedFault} instead of running; with {@code persistent}, every later call too.</li>
 *   <li>{@link #failAfterCommit()}: the next commit runs and then throws, so the caller cannot tell
 *       whether it happened. A commit is {@link Connection#commit()} or a statement executing
 *       {@code COMMIT} (SQLite's explicit transactions).</li>
 * </ul>
 * Thread-safe.
 */
final class FaultyDataSource implements InvocationHandler {
    /** The exception this data source throws. */
    static final class InjectedFault extends SQLException {
        private static final long serialVersionUID = 1L;

        InjectedFault(String message) {
            super(message, "HY000");
        }
    }

    private static final Set<Class<?>> WRAPPED = Set.of(Connection.class, Statement.class, PreparedStatement.class,
            CallableStatement.class, ResultSet.class, DatabaseMetaData.class);
    private static final Set<String> UNCOUNTED = Set.of("close", "isClosed", "toString", "hashCode", "equals");

    private final DataSource target;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong injected = new AtomicLong();
    private volatile long failAt;
    private volatile boolean persistent;
    private volatile boolean failAfterCommit;

    private FaultyDataSource(DataSource target) {
        this.target = target;
    }

    /** The wrapper of {@code target} and its control. */
    static FaultyDataSource over(DataSource target) {
        return new FaultyDataSource(target);
    }

    DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class}, this);
    }

    void resetCount() {
        calls.set(0);
    }

    /** Calls counted since {@link #resetCount()}. */
    long count() {
        return calls.get();
    }

    /** Faults thrown so far. */
    long injected() {
        return injected.get();
    }

    void failAt(long call, boolean alsoLaterCalls) {
        resetCount();
        this.persistent = alsoLaterCalls;
        this.failAt = call;
    }

    void failAfterCommit() {
        this.failAfterCommit = true;
    }

    /** No more faults. */
    void clear() {
        failAt = 0;
        persistent = false;
        failAfterCommit = false;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        return call(target, null, method, args);
    }

    private Object call(Object delegate, String sql, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (!UNCOUNTED.contains(name) && method.getDeclaringClass() != Object.class) {
            long n = calls.incrementAndGet();
            long at = failAt;
            if (at > 0 && (n == at || (persistent && n > at))) {
                injected.incrementAndGet();
                throw new InjectedFault("injected fault at JDBC call " + n + " (" + method.getDeclaringClass()
                        .getSimpleName() + "." + name + ")");
            }
        }
        Object result;
        try {
            result = method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (failAfterCommit && isCommit(method, sql, args)) {
            failAfterCommit = false;
            injected.incrementAndGet();
            throw new InjectedFault("injected fault after a commit that succeeded");
        }
        Class<?> type = method.getReturnType();
        if (result != null && WRAPPED.contains(type)) {
            String statementSql = name.startsWith("prepare") && args != null && args[0] instanceof String s ? s : null;
            return wrap(type, result, statementSql);
        }
        return result;
    }

    private static boolean isCommit(Method method, String sql, Object[] args) {
        String name = method.getName();
        if (method.getDeclaringClass() == Connection.class) {
            return name.equals("commit");
        }
        if (!name.startsWith("execute")) {
            return false;
        }
        String text = args != null && args.length > 0 && args[0] instanceof String s ? s : sql;
        return text != null && text.trim().toUpperCase(Locale.ROOT).startsWith("COMMIT");
    }

    private Object wrap(Class<?> type, Object delegate, String sql) {
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> call(delegate, sql, method, args));
    }
}
