/**
 * The {@code camel} command of Camel JBang, as JBang's own {@code CamelJBang.java} starts it: CamelRunIT runs this
 * file with {@code java -cp <classpath of pom.xml beside it> CamelJBang.java run ...} (Java's source-file mode).
 */
public class CamelJBang {

    public static void main(String... args) {
        org.apache.camel.dsl.jbang.core.commands.CamelJBangMain.run(args);
    }
}
