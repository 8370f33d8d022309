// Prints how Ignite 2.17.0's BinaryBasicIdMapper lower-cases names (Character.toLowerCase(int) per
// UTF-16 unit) for every BMP unit it changes, and the type and field ids of a few names with the
// characters where that differs from JavaScript's String.prototype.toLowerCase:
// test/vectors/ids-java-2.17.0.jsonl. The table depends on the JVM's Unicode version (Java 17:
// Unicode 13). Regenerate with
//   CP=~/.m2/repository/org/apache/ignite/ignite-core/2.17.0/ignite-core-2.17.0.jar
//   javac -d /tmp -cp $CP IdVectors.java && java -cp $CP:/tmp IdVectors > ../ids-java-2.17.0.jsonl
import org.apache.ignite.binary.BinaryBasicIdMapper;

public class IdVectors {
  static String hex(int c) { return String.format("%04x", c); }

  static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20 || c > 0x7e) b.append(String.format("\\u%04x", (int)c));
      else b.append(c);
    }
    return b.append('"').toString();
  }

  public static void main(String[] a) {
    System.out.println("{\"java\":" + json(System.getProperty("java.version")) + "}");
    for (int c = 0; c <= 0xFFFF; c++) {
      int lower = Character.toLowerCase(c);
      if (lower != c) System.out.println("{\"unit\":\"" + hex(c) + "\",\"lower\":\"" + hex(lower) + "\"}");
    }
    BinaryBasicIdMapper mapper = new BinaryBasicIdMapper(true);
    String[] names = {
      "Person", "org.acme.Address", "\u0130", "\u0130stanbul.\u015eehir", "\u03a3\u0391\u03a3", "\u01c4\u01c5\u01c6",
      "\u212a\u2126\u212b", "\u1e9e", "\u0049\u0307", "\uD801\uDC00", "\u2c2f\u1c89\ua7c0", "\u00c4BC",
    };
    for (String name : names) {
      System.out.println("{\"name\":" + json(name) + ",\"typeId\":" + mapper.typeId(name) + ",\"fieldId\":" + mapper.fieldId(0, name) + "}");
    }
  }
}
