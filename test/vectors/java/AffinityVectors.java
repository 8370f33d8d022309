// Prints the Java hashCode and RendezvousAffinityFunction partition (1024, 1000 and 17 partitions) of
// key values, as Ignite 2.17.0 computes them: test/vectors/affinity-java-2.17.0.jsonl. Regenerate with
//   CP=~/.m2/repository/org/apache/ignite/ignite-core/2.17.0/ignite-core-2.17.0.jar
//   javac -d /tmp -cp $CP AffinityVectors.java && java --add-opens=java.base/java.nio=ALL-UNNAMED \
//     --add-opens=java.base/sun.nio.ch=ALL-UNNAMED -cp $CP:/tmp AffinityVectors > ../affinity-java-2.17.0.jsonl
import java.math.*; import java.util.*; import java.sql.Timestamp;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
public class AffinityVectors {
  static RendezvousAffinityFunction f1024 = new RendezvousAffinityFunction(false, 1024);
  static RendezvousAffinityFunction f1000 = new RendezvousAffinityFunction(false, 1000);
  static RendezvousAffinityFunction f17 = new RendezvousAffinityFunction(false, 17);
  static void out(String type, String value, Object o) {
    int h = o.hashCode();
    System.out.println("{\"type\":\"" + type + "\",\"value\":" + value + ",\"hash\":" + h + ",\"p1024\":" + f1024.partition(o) + ",\"p1000\":" + f1000.partition(o) + ",\"p17\":" + f17.partition(o) + "}");
  }
  static void outArr(String type, String value, Object arr) {
    // What the server's default affinity key mapper does with an array key: its content hash, as an Integer.
    int h = org.apache.ignite.internal.util.IgniteUtils.hashCode(arr);
    Integer o = h;
    System.out.println("{\"type\":\"" + type + "\",\"value\":" + value + ",\"hash\":" + h + ",\"p1024\":" + f1024.partition(o) + ",\"p1000\":" + f1000.partition(o) + ",\"p17\":" + f17.partition(o) + "}");
  }
  static String q(String s) { return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""; }
  public static void main(String[] a) {
    for (int v : new int[]{0, 1, -1, 42, Integer.MAX_VALUE, Integer.MIN_VALUE, 123456789}) out("int", q(""+v), v);
    for (long v : new long[]{0, 1, -1, 42, 1L<<40, Long.MAX_VALUE, Long.MIN_VALUE, 9007199254740993L, -9007199254740993L, 1234567890123L}) out("long", q(""+v), v);
    for (short v : new short[]{0, -1, 32767, -32768}) out("short", q(""+v), v);
    for (byte v : new byte[]{0, -1, 127, -128}) out("byte", q(""+v), v);
    for (double v : new double[]{0.0, -0.0, 1.0, -1.5, 3.141592653589793, 1e300, Double.NaN, Double.POSITIVE_INFINITY}) out("double", q(""+v), v);
    for (float v : new float[]{0.0f, -0.0f, 1.0f, -1.5f, 3.14f}) out("float", q(""+v), v);
    out("bool", q("true"), true); out("bool", q("false"), false);
    for (char v : new char[]{'a', 'Z', '\u00e9', '\uffff'}) out("char", q(""+(int)v), v);
    for (String v : new String[]{"", "a", "key1", "Person", "h\u00e9llo", "\u65e5\u672c\u8a9e", "\ud83d\ude00 emoji", "a much longer string with spaces and numbers 1234567890"}) out("string", q(v), v);
    for (String v : new String[]{"123e4567-e89b-12d3-a456-426614174000", "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "f47ac10b-58cc-4372-a567-0e02b2c3d479"}) out("uuid", q(v), UUID.fromString(v));
    for (long ms : new long[]{0, 1700000000000L, -86400000L, 253402300799999L}) { out("date", q(""+ms), new Date(ms)); out("timestamp", q(""+ms), new Timestamp(ms)); }
    outArr("byte[]", "[1,2,3]", new byte[]{1, 2, 3});
    outArr("byte[]", "[]", new byte[]{});
    outArr("int[]", "[7,-1]", new int[]{7, -1});
    outArr("long[]", "[-1]", new long[]{-1});
    outArr("long[]", "[1099511627776,5]", new long[]{1L << 40, 5});
    outArr("short[]", "[1,-2]", new short[]{1, -2});
    outArr("double[]", "[1.5,-0.0]", new double[]{1.5, -0.0});
    outArr("float[]", "[2.5]", new float[]{2.5f});
    outArr("boolean[]", "[true,false]", new boolean[]{true, false});
    outArr("char[]", "[97,98]", new char[]{'a', 'b'});
    outArr("String[]", "[\"a\",\"b\"]", new String[]{"a", "b"});
    outArr("UUID[]", "[\"123e4567-e89b-12d3-a456-426614174000\"]", new UUID[]{UUID.fromString("123e4567-e89b-12d3-a456-426614174000")});
    for (String v : new String[]{"0", "1", "1.0", "1.00", "-1.5", "4294967296", "-4294967296", "123456789012345678901234567890.123", "-0.000001", "1E+3"}) out("decimal", q(v), new BigDecimal(v));
  }
}
