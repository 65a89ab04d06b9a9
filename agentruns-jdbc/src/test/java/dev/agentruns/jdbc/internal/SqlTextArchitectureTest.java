package dev.agentruns.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentruns.jdbc.JdbcSessionRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;
import org.objectweb.asm.tree.analysis.Value;

/**
 * No caller string reaches SQL text. A taint analysis over the bytecode of every class of
 * agentruns-jdbc's main code: values are <em>safe</em> (string constants, numbers, enum names, the
 * validated table prefix, and whatever is built only from those) or <em>tainted</em> (parameters of the
 * public API, results of methods outside this analysis, such as a criteria's agent ids, and anything
 * built from them). Parameters of internal methods take the join of the arguments at every call site;
 * fields the join of every value stored in them; string-returning methods the join of every value they
 * return; a {@link StringBuilder} that has a tainted value appended (in its method, or in a method it
 * is passed to) taints its {@code toString()}. Iterated to a fixpoint. Then every string handed to a
 * SQL sink (JDBI {@code Handle.createQuery/createUpdate/createScript/createCall/prepareBatch/execute/select},
 * JDBC {@code prepareStatement/prepareCall/execute*}/{@code addBatch}) must be safe, JDBI's templating
 * ({@code define}, {@code defineList}, {@code @Define}, {@code @DefineList}) must not be used at all,
 * and the only template engine set is {@code TemplateEngine.NOP}. The one trusted source is the table
 * prefix passed to {@link Statements#forDialect}, called only from the repository builder with the
 * prefix its setter validated (checked below too).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlTextArchitectureTest {
    private static final String JDBC_PACKAGE = "dev/agentruns/jdbc/";
    private static final Set<String> JDBI_SINKS = Set.of("createQuery", "createUpdate", "createScript", "createCall",
            "prepareBatch", "execute", "select");
    private static final Set<String> JDBC_SINKS = Set.of("prepareStatement", "prepareCall", "nativeSQL", "execute",
            "executeQuery", "executeUpdate", "executeLargeUpdate", "addBatch");
    private static final Set<String> TEMPLATING = Set.of("define", "defineList", "defineNamedBindings");
    private static final String TRUSTED_PREFIX_SOURCE = "dev/agentruns/jdbc/internal/Statements.forDialect"
            + "(Ldev/agentruns/jdbc/Dialect;Ljava/lang/String;)Ldev/agentruns/jdbc/internal/Statements;#1";

    /**
     * The one sink whose text is not built in code: the statements of the migration scripts shipped in
     * this jar (read from the classpath, {@code ${prefix}} replaced by the validated prefix).
     */
    private static final String SHIPPED_SCRIPTS = "dev/agentruns/jdbc/internal/Migrator.migrateLocked"
            + "(Lorg/jdbi/v3/core/Handle;)I -> execute";

    /**
     * Where JDBI hands back, to be prepared, the text this code gave its sinks ({@code createQuery},
     * {@code createUpdate}, {@code prepareBatch}, which are checked): the statement builder that keeps
     * prepared statements.
     */
    private static final Set<String> HANDED_BACK_BY_JDBI = Set.of(
            "dev/agentruns/jdbc/internal/CachingStatementBuilder.prepare(Ljava/sql/Connection;Ljava/lang/String;)"
                    + "Ljava/sql/PreparedStatement; -> prepareStatement",
            "dev/agentruns/jdbc/internal/CachingStatementBuilder.createCall(Ljava/sql/Connection;Ljava/lang/String;"
                    + "Lorg/jdbi/v3/core/statement/StatementContext;)Ljava/sql/CallableStatement; -> createCall");

    private final Map<String, ClassNode> classes = new HashMap<>();
    private final Set<String> taintedParams = new HashSet<>();
    private final Set<String> taintedReturns = new HashSet<>();
    private final Set<String> taintedFields = new HashSet<>();
    private final Set<String> taintedBuilderMethods = new HashSet<>();
    private final Set<String> calledMethods = new HashSet<>();
    private final List<String> sinkCalls = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();

    @BeforeAll
    void analyseMainClasses() throws Exception {
        Path root = Path.of(JdbcSessionRepository.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".class")).forEach(this::read);
        }
        assertThat(classes).containsKeys(JDBC_PACKAGE + "internal/Statements", JDBC_PACKAGE + "internal/SessionStore",
                JDBC_PACKAGE + "JdbcSessionRepository");
        for (ClassNode c : classes.values()) {
            for (MethodNode m : c.methods) {
                for (AbstractInsnNode insn : m.instructions) {
                    if (insn instanceof MethodInsnNode call && classes.containsKey(call.owner)) {
                        calledMethods.add(call.name + call.desc);
                    }
                }
            }
        }
        int before;
        do {
            before = size();
            sinkCalls.clear();
            violations.clear();
            for (ClassNode c : classes.values()) {
                for (MethodNode m : c.methods) {
                    analyse(c, m);
                }
            }
        } while (size() != before);
    }

    @Test
    void everyStringReachingSqlIsBuiltFromConstantsAndTheValidatedPrefix() {
        assertThat(sinkCalls).as("SQL sinks found (the analysis sees the SQL calls)").hasSizeGreaterThan(20);
        assertThat(violations).as("tainted strings handed to SQL").isEmpty();
        assertThat(sinkCalls).as("the migration-script exemption names a real sink").contains(SHIPPED_SCRIPTS);
        assertThat(sinkCalls).as("the statement-builder exemptions name real sinks").containsAll(HANDED_BACK_BY_JDBI);
        assertThat(taintedReturns).as("caller text reaches some string-returning methods (the analysis can taint)")
                .anyMatch(m -> m.contains("NulEscape.encode"));
        assertThat(taintedReturns).as("no SQL-building method of Statements returns caller text")
                .filteredOn(m -> m.contains("Statements.") && m.endsWith(")Ljava/lang/String;"))
                .allMatch(m -> m.contains(".explain(") || m.contains(".read") || m.contains(".toString("));
    }

    @Test
    void jdbiTemplatingIsNeverUsedAndTheTemplateEngineIsNop() {
        List<String> templating = new ArrayList<>();
        List<String> engines = new ArrayList<>();
        for (ClassNode c : classes.values()) {
            annotations(c.visibleAnnotations, c.invisibleAnnotations).stream().filter(a -> a.desc.contains("Define"))
                    .forEach(a -> templating.add(c.name + " @" + a.desc));
            for (MethodNode m : c.methods) {
                annotations(m.visibleAnnotations, m.invisibleAnnotations).stream().filter(a -> a.desc.contains("Define"))
                        .forEach(a -> templating.add(c.name + "." + m.name + " @" + a.desc));
                for (AbstractInsnNode insn : m.instructions) {
                    if (insn instanceof MethodInsnNode call && call.owner.startsWith("org/jdbi/")
                            && TEMPLATING.contains(call.name)) {
                        templating.add(c.name + "." + m.name + " calls " + call.name);
                    }
                    if (insn instanceof FieldInsnNode f && f.desc.equals("Lorg/jdbi/v3/core/statement/TemplateEngine;")) {
                        engines.add(f.owner + "." + f.name);
                    }
                    if (insn instanceof MethodInsnNode call && call.name.equals("setTemplateEngine")) {
                        engines.add("setTemplateEngine");
                    }
                }
            }
        }
        assertThat(templating).isEmpty();
        assertThat(engines).containsExactlyInAnyOrder("org/jdbi/v3/core/statement/TemplateEngine.NOP",
                "setTemplateEngine");
    }

    @Test
    void theTrustedPrefixComesOnlyFromTheBuildersValidatedField() {
        List<String> callers = new ArrayList<>();
        for (ClassNode c : classes.values()) {
            for (MethodNode m : c.methods) {
                for (AbstractInsnNode insn : m.instructions) {
                    if (insn instanceof MethodInsnNode call && call.name.equals("forDialect")
                            && call.owner.endsWith("internal/Statements")) {
                        AbstractInsnNode prefixArg = call.getPrevious();
                        callers.add(c.name + "." + m.name + " passes " + (prefixArg instanceof FieldInsnNode f
                                ? f.owner + "." + f.name : prefixArg.getClass().getSimpleName()));
                    }
                }
            }
        }
        assertThat(callers).containsExactly("dev/agentruns/jdbc/JdbcSessionRepository$Builder.open passes "
                + "dev/agentruns/jdbc/JdbcSessionRepository$Builder.tablePrefix");
        for (String bad : List.of("x'; DROP TABLE t; --", "a b", "A", "t`", "t\"", "t;", "t--", "t/*", "t\u0000",
                "t$", "t%", "é", "_x", "x".repeat(22))) {
            assertThatThrownBy(() -> JdbcSessionRepository.builder().tablePrefix(bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    // ------------------------------------------------------------------ analysis

    private int size() {
        return taintedParams.size() + taintedReturns.size() + taintedFields.size() + taintedBuilderMethods.size();
    }

    private void read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            ClassNode node = new ClassNode();
            new ClassReader(in).accept(node, 0);
            classes.put(node.name, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(String owner, String name, String desc) {
        return owner + "." + name + desc;
    }

    private static List<AnnotationNode> annotations(List<AnnotationNode> a, List<AnnotationNode> b) {
        List<AnnotationNode> all = new ArrayList<>();
        if (a != null) {
            all.addAll(a);
        }
        if (b != null) {
            all.addAll(b);
        }
        return all;
    }

    /** Whether a parameter starts tainted: every parameter of an entry point, or one a call site tainted. */
    private boolean paramTainted(ClassNode c, MethodNode m, int index) {
        String method = key(c.name, m.name, m.desc);
        if ((method + "#" + index).equals(TRUSTED_PREFIX_SOURCE)) {
            return false;
        }
        boolean internal = c.name.startsWith(JDBC_PACKAGE + "internal/") && !m.name.startsWith("lambda$");
        if (!internal || !calledMethods.contains(m.name + m.desc)) {
            return true;
        }
        return taintedParams.contains(method + "#" + index);
    }

    private void analyse(ClassNode c, MethodNode m) throws AnalyzerException {
        if ((m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
            return;
        }
        String method = key(c.name, m.name, m.desc);
        Frame<Taint>[] frames = new Analyzer<>(new TaintInterpreter(c, m)).analyze(c.name, m);
        AbstractInsnNode[] insns = m.instructions.toArray();
        for (int i = 0; i < insns.length; i++) {
            Frame<Taint> frame = frames[i];
            if (frame == null) {
                continue;
            }
            AbstractInsnNode insn = insns[i];
            if (insn.getOpcode() == Opcodes.ARETURN && Type.getReturnType(m.desc).getSort() == Type.OBJECT
                    && top(frame, 0).tainted) {
                taintedReturns.add(method);
            }
            if (insn instanceof FieldInsnNode f && (f.getOpcode() == Opcodes.PUTFIELD || f.getOpcode() == Opcodes.PUTSTATIC)
                    && top(frame, 0).tainted) {
                taintedFields.add(f.owner + "." + f.name);
            }
            if (insn instanceof MethodInsnNode call) {
                Type[] args = Type.getArgumentTypes(call.desc);
                if (call.owner.equals("java/lang/StringBuilder") && (call.name.equals("append")
                        || call.name.equals("insert") || call.name.equals("<init>"))) {
                    for (int a = 0; a < args.length; a++) {
                        if (arg(frame, args, a).tainted) {
                            taintedBuilderMethods.add(method);
                        }
                    }
                }
                for (ClassNode target : targets(call)) {
                    MethodNode callee = find(target, call.name, call.desc);
                    String calleeKey = key(target.name, call.name, call.desc);
                    for (int a = 0; a < args.length; a++) {
                        if (arg(frame, args, a).tainted) {
                            taintedParams.add(calleeKey + "#" + a);
                        }
                        if (args[a].getDescriptor().equals("Ljava/lang/StringBuilder;")
                                && taintedBuilderMethods.contains(calleeKey)) {
                            taintedBuilderMethods.add(method);
                        }
                    }
                }
                boolean jdbiSink = call.owner.startsWith("org/jdbi/v3/core/") && JDBI_SINKS.contains(call.name);
                boolean jdbcSink = call.owner.startsWith("java/sql/") && JDBC_SINKS.contains(call.name);
                if (jdbiSink || jdbcSink) {
                    for (int a = 0; a < args.length; a++) {
                        if (args[a].getDescriptor().equals("Ljava/lang/String;")) {
                            String sink = method + " -> " + call.name;
                            sinkCalls.add(sink);
                            if (arg(frame, args, a).tainted && !sink.equals(SHIPPED_SCRIPTS)
                                    && !HANDED_BACK_BY_JDBI.contains(sink)) {
                                violations.add(method + " hands a caller-derived string to " + call.owner + "."
                                        + call.name);
                            }
                        }
                    }
                }
            }
        }
    }

    private static Taint top(Frame<Taint> frame, int fromTop) {
        return frame.getStack(frame.getStackSize() - 1 - fromTop);
    }

    private static Taint arg(Frame<Taint> frame, Type[] args, int index) {
        return top(frame, args.length - 1 - index);
    }

    /** The analysed classes that may run a call: the owner and every analysed class declaring the method. */
    private List<ClassNode> targets(MethodInsnNode call) {
        List<ClassNode> out = new ArrayList<>();
        if (!classes.containsKey(call.owner)) {
            return out;
        }
        for (ClassNode c : classes.values()) {
            if (find(c, call.name, call.desc) != null && (c.name.equals(call.owner) || !call.name.equals("<init>"))) {
                out.add(c);
            }
        }
        return out;
    }

    private static MethodNode find(ClassNode c, String name, String desc) {
        for (MethodNode m : c.methods) {
            if (m.name.equals(name) && m.desc.equals(desc)) {
                return m;
            }
        }
        return null;
    }

    /**
     * A value and whether caller text may have flowed into it. Mutable so that a string or builder
     * constructed or appended to with tainted text is tainted in every slot that holds it.
     */
    private static final class Taint implements Value {
        final int size;
        boolean tainted;

        Taint(int size, boolean tainted) {
            this.size = size;
            this.tainted = tainted;
        }

        @Override
        public int getSize() {
            return size;
        }
    }

    private final class TaintInterpreter extends Interpreter<Taint> {
        private final ClassNode owner;
        private final MethodNode method;

        TaintInterpreter(ClassNode owner, MethodNode method) {
            super(Opcodes.ASM9);
            this.owner = owner;
            this.method = method;
        }

        private Taint of(Type type, boolean tainted) {
            return new Taint(type == null ? 1 : type.getSize(), tainted);
        }

        @Override
        public Taint newValue(Type type) {
            if (type == Type.VOID_TYPE) {
                return null;
            }
            return of(type, false);
        }

        @Override
        public Taint newParameterValue(boolean isInstanceMethod, int local, Type type) {
            int index = parameterIndex(local, isInstanceMethod);
            boolean tainted = index >= 0 && paramTainted(owner, method, index) && carriesText(type);
            return of(type, tainted);
        }

        private int parameterIndex(int local, boolean isInstanceMethod) {
            int slot = isInstanceMethod ? 1 : 0;
            if (isInstanceMethod && local == 0) {
                return -1;
            }
            Type[] args = Type.getArgumentTypes(method.desc);
            for (int i = 0; i < args.length; i++) {
                if (slot == local) {
                    return i;
                }
                slot += args[i].getSize();
            }
            return -1;
        }

        @Override
        public Taint newReturnTypeValue(Type type) {
            return newValue(type);
        }

        @Override
        public Taint newEmptyValue(int local) {
            return new Taint(1, false);
        }

        @Override
        public Taint newExceptionValue(org.objectweb.asm.tree.TryCatchBlockNode tryCatch, Frame<Taint> handlerFrame,
                                       Type exceptionType) {
            return of(exceptionType, true);
        }

        @Override
        public Taint newOperation(AbstractInsnNode insn) {
            return switch (insn.getOpcode()) {
                case Opcodes.LCONST_0, Opcodes.LCONST_1, Opcodes.DCONST_0, Opcodes.DCONST_1 -> new Taint(2, false);
                case Opcodes.LDC -> {
                    Object c = ((LdcInsnNode) insn).cst;
                    yield new Taint(c instanceof Long || c instanceof Double ? 2 : 1, false);
                }
                case Opcodes.GETSTATIC -> {
                    FieldInsnNode f = (FieldInsnNode) insn;
                    yield of(Type.getType(f.desc), carriesText(Type.getType(f.desc))
                            && !(classes.containsKey(f.owner) && !taintedFields.contains(f.owner + "." + f.name)));
                }
                default -> new Taint(1, false);
            };
        }

        @Override
        public Taint copyOperation(AbstractInsnNode insn, Taint value) {
            return value;
        }

        @Override
        public Taint unaryOperation(AbstractInsnNode insn, Taint value) {
            return switch (insn.getOpcode()) {
                case Opcodes.GETFIELD -> {
                    FieldInsnNode f = (FieldInsnNode) insn;
                    Type t = Type.getType(f.desc);
                    yield of(t, carriesText(t) && (!classes.containsKey(f.owner)
                            || taintedFields.contains(f.owner + "." + f.name)));
                }
                case Opcodes.L2D, Opcodes.D2L, Opcodes.I2L, Opcodes.I2D, Opcodes.F2L, Opcodes.F2D, Opcodes.LNEG,
                     Opcodes.DNEG -> new Taint(2, value.tainted);
                case Opcodes.ARRAYLENGTH, Opcodes.INSTANCEOF -> new Taint(1, false);
                case Opcodes.IFEQ, Opcodes.IFNE, Opcodes.IFLT, Opcodes.IFGE, Opcodes.IFGT, Opcodes.IFLE,
                     Opcodes.IFNULL, Opcodes.IFNONNULL, Opcodes.TABLESWITCH, Opcodes.LOOKUPSWITCH, Opcodes.IRETURN,
                     Opcodes.LRETURN, Opcodes.FRETURN, Opcodes.DRETURN, Opcodes.ARETURN, Opcodes.PUTSTATIC,
                     Opcodes.ATHROW, Opcodes.MONITORENTER, Opcodes.MONITOREXIT -> null;
                default -> new Taint(1, value.tainted);
            };
        }

        @Override
        public Taint binaryOperation(AbstractInsnNode insn, Taint a, Taint b) {
            return switch (insn.getOpcode()) {
                case Opcodes.LADD, Opcodes.LSUB, Opcodes.LMUL, Opcodes.LDIV, Opcodes.LREM, Opcodes.LAND, Opcodes.LOR,
                     Opcodes.LXOR, Opcodes.LSHL, Opcodes.LSHR, Opcodes.LUSHR, Opcodes.DADD, Opcodes.DSUB, Opcodes.DMUL,
                     Opcodes.DDIV, Opcodes.DREM, Opcodes.LALOAD, Opcodes.DALOAD -> new Taint(2, a.tainted || b.tainted);
                case Opcodes.IF_ICMPEQ, Opcodes.IF_ICMPNE, Opcodes.IF_ICMPLT, Opcodes.IF_ICMPGE, Opcodes.IF_ICMPGT,
                     Opcodes.IF_ICMPLE, Opcodes.IF_ACMPEQ, Opcodes.IF_ACMPNE, Opcodes.PUTFIELD -> null;
                default -> new Taint(1, a.tainted || b.tainted);
            };
        }

        @Override
        public Taint ternaryOperation(AbstractInsnNode insn, Taint a, Taint b, Taint c) {
            return null;
        }

        @Override
        public Taint naryOperation(AbstractInsnNode insn, List<? extends Taint> values) {
            boolean anyTainted = values.stream().anyMatch(v -> v.tainted);
            if (insn instanceof InvokeDynamicInsnNode indy) {
                Type result = Type.getReturnType(indy.desc);
                Handle bsm = indy.bsm;
                if (bsm.getOwner().equals("java/lang/invoke/StringConcatFactory")) {
                    return of(result, anyTainted);
                }
                return of(result, carriesText(result));
            }
            if (insn.getOpcode() == Opcodes.MULTIANEWARRAY) {
                return new Taint(1, false);
            }
            MethodInsnNode call = (MethodInsnNode) insn;
            Type result = Type.getReturnType(call.desc);
            if (call.name.equals("<init>") && !values.isEmpty()
                    && (call.owner.equals("java/lang/String") || call.owner.equals("java/lang/StringBuilder"))
                    && values.subList(1, values.size()).stream().anyMatch(v -> v.tainted)) {
                values.get(0).tainted = true;
            }
            if ((call.owner.equals("java/lang/StringBuilder") && (call.name.equals("append") || call.name.equals("insert")))
                    && values.subList(1, values.size()).stream().anyMatch(v -> v.tainted)) {
                values.get(0).tainted = true;
            }
            if (result == Type.VOID_TYPE) {
                return null;
            }
            if (!carriesText(result)) {
                return of(result, false);
            }
            String calleeKey = key(call.owner, call.name, call.desc);
            if (call.owner.equals("java/lang/StringBuilder") && call.name.equals("toString")) {
                return of(result, values.get(0).tainted
                        || taintedBuilderMethods.contains(key(owner.name, method.name, method.desc)));
            }
            if (call.owner.equals("java/lang/StringBuilder")) {
                return values.get(0);
            }
            if (call.owner.equals("java/lang/String") || call.owner.equals("java/lang/Integer")
                    || call.owner.equals("java/lang/Long")) {
                return of(result, anyTainted);
            }
            if (call.name.equals("name") && call.desc.equals("()Ljava/lang/String;") && isEnum(call.owner)) {
                return of(result, false);
            }
            List<ClassNode> targets = targets(call);
            if (targets.isEmpty()) {
                return of(result, true);
            }
            boolean tainted = targets.stream()
                    .anyMatch(t -> taintedReturns.contains(key(t.name, call.name, call.desc)));
            return of(result, tainted || (taintedReturns.contains(calleeKey)));
        }

        @Override
        public void returnOperation(AbstractInsnNode insn, Taint value, Taint expected) {
        }

        @Override
        public Taint merge(Taint a, Taint b) {
            if (a == null || b == null) {
                return a == null ? b : a;
            }
            if (a.size != b.size) {
                return new Taint(1, a.tainted || b.tainted);
            }
            return a.tainted || !b.tainted ? a : b;
        }
    }

    /** Types that can hold text: strings, chars, and any object (which may be a string or hold one). */
    private static boolean carriesText(Type type) {
        int sort = type.getSort();
        return sort == Type.OBJECT || sort == Type.ARRAY || sort == Type.CHAR;
    }

    private static boolean isEnum(String internalName) {
        try {
            return Class.forName(internalName.replace('/', '.'), false,
                    SqlTextArchitectureTest.class.getClassLoader()).isEnum();
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
