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
        if (args.length != 3 || !List.of("write", "read", "dump").contains(args[0])) {
            err.println("usage: Interop write|read|dump <host:port> <peer>");
            System.exit(2);
        }
        int code;
        try (IgniteClient client = Ignition.startClient(new ClientConfiguration().setAddresses(args[1]))) {
            switch (args[0]) {
                case "write": code = write(client, args[2]); break;
                case "read": code = read(client, args[2], out, err, false); break;
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
