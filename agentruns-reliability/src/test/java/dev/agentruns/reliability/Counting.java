package dev.agentruns.reliability;

import dev.agentruns.spi.SessionRepository;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Wrappers that count what reaches storage: every SQL statement created on a {@link DataSource}'s
 * connections, and every call into a {@link SessionRepository}. Thread-safe.
 */
final class Counting {
    private static final Set<String> STATEMENT_FACTORIES = Set.of("prepareStatement", "createStatement", "prepareCall");

    final AtomicLong statements = new AtomicLong();
    final AtomicLong repositoryCalls = new AtomicLong();

    /** {@code target} whose connections count each statement they create. */
    DataSource dataSource(DataSource target) {
        return proxy(DataSource.class, target, (method, args, result) -> {
            if (method.getName().equals("getConnection")) {
                return proxy(Connection.class, (Connection) result, (m, a, r) -> {
                    if (STATEMENT_FACTORIES.contains(m.getName())) {
                        statements.incrementAndGet();
                    }
                    return r;
                });
            }
            return result;
        });
    }

    /** {@code target}, counting every method call. */
    SessionRepository repository(SessionRepository target) {
        return proxy(SessionRepository.class, target, (method, args, result) -> result, () -> {
            repositoryCalls.incrementAndGet();
        });
    }

    @FunctionalInterface
    private interface After {
        Object apply(Method method, Object[] args, Object result) throws Exception;
    }

    private static <T> T proxy(Class<T> type, T target, After after) {
        return proxy(type, target, after, () -> {
        });
    }

    private static <T> T proxy(Class<T> type, T target, After after, Runnable before) {
        InvocationHandler handler = (p, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> p == args[0];
                    case "hashCode" -> System.identityHashCode(p);
                    default -> "counting " + target;
                };
            }
            before.run();
            try {
                return after.apply(method, args, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(Counting.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
