package org.acme.interop;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.ignite.Ignition;
import org.apache.ignite.IgniteBinary;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.client.ClientCache;
import org.apache.ignite.client.IgniteClient;
import org.apache.ignite.configuration.ClientConfiguration;

/**
 * Java thin-client peer of the complex-object interop test; see test/interop/SPEC.md.
 *
 * <pre>java -cp ... org.acme.interop.Interop write|read host:port peer</pre>
 */
public final class Interop {
    static final String CACHE = "interop_complex";

    static final String COLOR = "org.acme.Color";

    static final String ADDRESS = "org.acme.Address";

    static final String ALL_TYPES = "org.acme.AllTypes";

    private Interop() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        boolean perPeer = args.length == 3 && List.of("write", "read", "dump", "write-objects").contains(args[0]);
        boolean perKey = args.length >= 3 && List.of("read-keys", "check-objects").contains(args[0]);
        if (!perPeer && !perKey) {
            err.println("usage: Interop write|read|dump|write-objects <host:port> <peer>");
            err.println("       Interop read-keys <host:port> <key>...");
            err.println("       Interop check-objects <host:port> <key>=raw-point|raw-only|holder|outer...");
            System.exit(2);
        }
        List<String> rest = List.of(args).subList(2, args.length);
        int code;
        try (IgniteClient client = Ignition.startClient(new ClientConfiguration().setAddresses(args[1]))) {
            switch (args[0]) {
                case "write": code = write(client, args[2]); break;
                case "read": code = read(client, args[2], out, err, false); break;
                case "write-objects": code = writeObjects(client, args[2]); break;
                case "read-keys": code = readKeys(client, rest, out, err); break;
                case "check-objects": code = checkObjects(client, rest, out, err); break;
                default: code = read(client, args[2], out, err, true); // diagnostics, see RawDump
            }
        }
        catch (Exception e) {
            err.println("interop java: " + args[0] + " failed: " + e);
            e.printStackTrace(err);
            code = 1;
        }
        out.flush();
        err.flush();
        // The thin client leaves no non-daemon threads after close(), but exit explicitly anyway.
        System.exit(code);
    }

    static int write(IgniteClient client, String peer) {
        ClientCache<Object, Object> cache = client.getOrCreateCache(CACHE).withKeepBinary();
        IgniteBinary binary = client.binary();
        Map<String, Integer> colors = new LinkedHashMap<>();
        colors.put("RED", 0);
        colors.put("GREEN", 1);
        colors.put("BLUE", 2);
        binary.registerEnum(COLOR, colors);

        cache.put(peer + "-all", allTypes(binary));
        cache.put(peer + "-address", address(binary, "Main St", 12345));
        cache.put(address(binary, "Key St", 7), peer + "-keyed");
        return 0;
    }

    static int read(IgniteClient client, String peer, PrintStream out, PrintStream err, boolean dump) {
        ClientCache<Object, Object> cache = client.getOrCreateCache(CACHE).withKeepBinary();
        IgniteBinary binary = client.binary();
        Object[][] entries = {
            {peer + "-all", peer + "-all"},
            {peer + "-address", peer + "-address"},
            {"keyed", address(binary, "Key St", 7)},
        };
        List<String> lines = new ArrayList<>();
        for (Object[] e : entries) {
            Object value = cache.get(e[1]);
            if (value == null) {
                err.println("interop java: key " + e[0] + " (written by " + peer + ") is missing from cache " + CACHE);
                return 1;
            }
            if (dump) {
                lines.add(e[0] + ": " + (value instanceof BinaryObject ? RawDump.describe((BinaryObject)value) : value));
                if (value instanceof BinaryObject && ((BinaryObject)value).hasField("address"))
                    lines.add(e[0] + ".address: " + RawDump.describe(((BinaryObject)value).field("address")));
            }
            else
                lines.add("{\"key\":" + Canonical.string((String)e[0]) + ",\"value\":" + Canonical.json(value, false) + "}");
        }
        lines.forEach(out::println);
        return 0;
    }

    /** Prints the canonical JSON of the values of these string keys (read with keepBinary). */
    static int readKeys(IgniteClient client, List<String> keys, PrintStream out, PrintStream err) {
        ClientCache<Object, Object> cache = client.getOrCreateCache(CACHE).withKeepBinary();
        List<String> lines = new ArrayList<>();
        for (String key : keys) {
            Object value = cache.get(key);
            if (value == null) {
                err.println("interop java: key " + key + " is missing from cache " + CACHE);
                return 1;
            }
            lines.add("{\"key\":" + Canonical.string(key) + ",\"value\":" + Canonical.json(value, false) + "}");
        }
        lines.forEach(out::println);
        return 0;
    }

    /** The Java objects of SPEC.md "Raw data" and "Handles", by kind. */
    static Object expected(String kind) {
        switch (kind) {
            case "raw-point": return new RawPoint(3, -4, "raw \u00e9 \uD834\uDD1E", new Place("in raw"));
            case "raw-only": return new RawOnly(9007199254740993L, "only raw", new int[] {1, -1, 2147483647});
            case "holder": return new Holder(7, new Place("home"));
            case "outer": {
                Place home = new Place("home");
                return new Outer(home, new Holder(7, home));
            }
            default: throw new IllegalArgumentException("no expected object of kind " + kind);
        }
    }

    /** Keys <peer>-raw-point, -raw-only, -outer and -holder, written as Java objects (not builders). */
    static int writeObjects(IgniteClient client, String peer) {
        ClientCache<Object, Object> cache = client.getOrCreateCache(CACHE);
        for (String kind : List.of("raw-point", "raw-only", "outer", "holder"))
            cache.put(peer + "-" + kind, expected(kind));
        return 0;
    }

    /**
     * Reads each key as a Java object (deserialized into its class: readBinary for raw data, handles
     * resolved) and compares it with the expected object of its kind.
     */
    static int checkObjects(IgniteClient client, List<String> specs, PrintStream out, PrintStream err) {
        ClientCache<Object, Object> cache = client.getOrCreateCache(CACHE);
        int code = 0;
        for (String spec : specs) {
            String key = spec.substring(0, spec.indexOf('='));
            Object wanted = expected(spec.substring(spec.indexOf('=') + 1));
            Object value;
            try {
                value = cache.get(key);
            }
            catch (Exception e) {
                err.println("interop java: key " + key + " cannot be read as " + wanted.getClass().getSimpleName() + ": " + e);
                code = 1;
                continue;
            }
            boolean equal = wanted.equals(value);
            out.println("{\"key\":" + Canonical.string(key) + ",\"equal\":" + equal + "}");
            if (!equal) {
                err.println("interop java: key " + key + " is " + value + ", expected " + wanted);
                code = 1;
            }
        }
        return code;
    }

    static BinaryObject address(IgniteBinary binary, String street, int zip) {
        return binary.builder(ADDRESS)
            .setField("street", street, String.class)
            .setField("zip", zip, Integer.class)
            .build();
    }

    static Timestamp timestamp(long ms, int nanos) {
        Timestamp ts = new Timestamp(ms);
        ts.setNanos(nanos);
        return ts;
    }

    /** The AllTypes object of SPEC.md, fields in its order, each with its exact Java type. */
    static BinaryObject allTypes(IgniteBinary binary) {
        ArrayList<Object> list = new ArrayList<>();
        list.add(1);
        list.add("x");
        list.add(2L);

        HashSet<String> set = new HashSet<>(List.of("a", "b"));

        HashMap<String, Integer> map = new HashMap<>();
        map.put("k1", 1);
        map.put("k2", 2);

        LinkedHashMap<String, String> linkedMap = new LinkedHashMap<>();
        linkedMap.put("z", "last");
        linkedMap.put("a", "first");

        ArrayList<BinaryObject> addresses = new ArrayList<>();
        addresses.add(address(binary, "A", 1));
        addresses.add(address(binary, "B", 2));

        UUID uuid = UUID.fromString("d57babad-7bc1-4c82-9f9c-e72841b92a85");

        return binary.builder(ALL_TYPES)
            .setField("byteF", (byte)-7, Byte.class)
            .setField("shortF", (short)32000, Short.class)
            .setField("intF", -2000000000, Integer.class)
            .setField("longF", 9007199254740993L, Long.class)
            .setField("floatF", 1.5f, Float.class)
            .setField("doubleF", -0.25, Double.class)
            .setField("charF", '\u042F', Character.class)
            .setField("boolF", true, Boolean.class)
            .setField("stringF", "h\u00e9llo \uD834\uDD1E", String.class)
            .setField("uuidF", uuid, UUID.class)
            .setField("dateF", new Date(1700000000123L), Date.class)
            .setField("timestampF", timestamp(1700000000123L, 123456789), Timestamp.class)
            .setField("timeF", new Time(45296789L), Time.class)
            .setField("decimalF", new BigDecimal("-12345678901234567890.123456789"), BigDecimal.class)
            // No Class argument: the builder records an enum field ("Enum", type 28) only for a
            // BinaryEnumObjectImpl value; BinaryObject.class would record "Object".
            .setField("colorF", (Object)binary.buildEnum(COLOR, 1))
            .setField("byteArr", new byte[] {1, -2, 127, -128}, byte[].class)
            .setField("shortArr", new short[] {1, -32768, 32767}, short[].class)
            .setField("intArr", new int[] {1, -1, 2147483647}, int[].class)
            .setField("longArr", new long[] {1, 9223372036854775807L}, long[].class)
            .setField("floatArr", new float[] {1.5f, -0.0f}, float[].class)
            .setField("doubleArr", new double[] {3.141592653589793, Double.NEGATIVE_INFINITY}, double[].class)
            .setField("charArr", new char[] {'a', '\u042F'}, char[].class)
            .setField("boolArr", new boolean[] {true, false, true}, boolean[].class)
            .setField("stringArr", new String[] {"a", null, "\uD834\uDD1E"}, String[].class)
            .setField("uuidArr", new UUID[] {uuid}, UUID[].class)
            .setField("dateArr", new Date[] {new Date(1700000000123L)}, Date[].class)
            .setField("timestampArr", new Timestamp[] {timestamp(0, 1)}, Timestamp[].class)
            .setField("decimalArr", new BigDecimal[] {new BigDecimal("1.5"), new BigDecimal("0")}, BigDecimal[].class)
            .setField("objArr", new Object[] {1, "two", address(binary, "Main St", 12345)}, Object[].class)
            .setField("listF", list, Collection.class)
            .setField("setF", set, Collection.class)
            .setField("mapF", map, Map.class)
            .setField("linkedMapF", linkedMap, Map.class)
            .setField("address", (Object)address(binary, "Baker St", 221))
            .setField("addresses", addresses, Collection.class)
            .setField("nullF", null, String.class)
            .build();
    }
}
