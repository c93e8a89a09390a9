import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Generates the seven typed Values and seven typed Arrays of the core ({@code IntValue} ...
 * {@code DoubleArray}) from {@code TypedValue.java.template} and {@code TypedArray.java.template},
 * as the JDK generates its {@code java.nio} buffers. Run by the core's build (exec-maven-plugin,
 * generate-sources) as a single-file source program:
 *
 * <pre>
 *   java TypedSources.java &lt;templates dir&gt; &lt;output source root&gt;
 * </pre>
 *
 * <p>A template is Java source with {@code {{name}}} placeholders (the table below, and {@code
 * classdoc}: the class's Javadoc, from {@code doc/<Class>.javadoc}) and whole-line conditionals
 * {@code #if flag}, {@code #else}, {@code #end} (nestable) on the flags {@code atomic} (the
 * lock-free updates of {@code 'i'} and {@code 'l'}) and {@code char} ({@code 'c'}). A file is
 * rewritten only when its text changes, so an unchanged build stays incremental.
 */
public final class TypedSources {
    /** One element type: its placeholders and flags. */
    record Type(String name, String prim, String boxed, char code, String tc, String fromPre, String fromPost,
            String toPre, String toPost, boolean atomic) {
        Map<String, String> vars() {
            return Map.of("Name", name, "prim", prim, "Boxed", boxed, "code", String.valueOf(code), "TC", tc,
                    "fromPre", fromPre, "fromPost", fromPost, "toPre", toPre, "toPost", toPost);
        }

        boolean flag(String f) {
            return switch (f) {
                case "atomic" -> atomic;
                case "char" -> code == 'c';
                default -> throw new IllegalArgumentException("unknown template flag '" + f + "'");
            };
        }
    }

    static final List<Type> TYPES = List.of(
            new Type("Byte", "byte", "Byte", 'b', "BYTE", "(byte) ", "", "", "", false),
            new Type("Char", "char", "Character", 'c', "CHAR", "(char) (", " & 0xFF)", "CharValue.toByte(", ") & 0xFF", false),
            new Type("Short", "short", "Short", 'h', "SHORT", "(short) ", "", "", "", false),
            new Type("Int", "int", "Integer", 'i', "INT", "(int) ", "", "", "", true),
            new Type("Long", "long", "Long", 'l', "LONG", "", "", "", "", true),
            new Type("Float", "float", "Float", 'f', "FLOAT", "Float.intBitsToFloat((int) ", ")",
                    "Float.floatToRawIntBits(", ")", false),
            new Type("Double", "double", "Double", 'd', "DOUBLE", "Double.longBitsToDouble(", ")",
                    "Double.doubleToRawLongBits(", ")", false));

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: java TypedSources.java <templates dir> <output source root>");
        }
        Path templates = Path.of(args[0]);
        Path out = Path.of(args[1]).resolve("org/multiprocessing4j");
        Files.createDirectories(out);
        for (String kind : List.of("Value", "Array")) {
            String template = Files.readString(templates.resolve("Typed" + kind + ".java.template"));
            for (Type t : TYPES) {
                String cls = t.name() + kind;
                String doc = Files.readString(templates.resolve("doc/" + cls + ".javadoc")).stripTrailing();
                String text = render(template, t, doc, cls);
                Path file = out.resolve(cls + ".java");
                if (!Files.exists(file) || !Files.readString(file).equals(text)) {
                    Files.writeString(file, text);
                }
            }
        }
    }

    static String render(String template, Type t, String doc, String cls) {
        StringBuilder b = new StringBuilder();
        Deque<boolean[]> stack = new ArrayDeque<>(); // {this branch taken, enclosing taken}
        boolean on = true;
        int n = 0;
        for (String line : template.split("\n", -1)) {
            n++;
            String s = line.strip();
            if (s.startsWith("#if ")) {
                boolean v = t.flag(s.substring(4).strip());
                stack.push(new boolean[] {v, on});
                on = on && v;
            } else if (s.equals("#else")) {
                boolean[] top = check(stack, cls, n, s);
                on = top[1] && !top[0];
            } else if (s.equals("#end")) {
                on = check(stack, cls, n, s)[1];
                stack.pop();
            } else if (on) {
                String r = line.equals("{{classdoc}}") ? doc : line;
                for (var e : t.vars().entrySet()) {
                    r = r.replace("{{" + e.getKey() + "}}", e.getValue());
                }
                if (r.contains("{{")) {
                    throw new IllegalStateException(cls + ": unknown placeholder in template line " + n + ": " + line);
                }
                b.append(r).append('\n');
            }
        }
        if (!stack.isEmpty()) {
            throw new IllegalStateException(cls + ": an #if of the template is not closed by #end");
        }
        return b.toString().stripTrailing() + "\n";
    }

    private static boolean[] check(Deque<boolean[]> stack, String cls, int line, String what) {
        if (stack.isEmpty()) {
            throw new IllegalStateException(cls + ": " + what + " without #if at template line " + line);
        }
        return stack.peek();
    }
}
