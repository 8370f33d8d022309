package org.acme.interop;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.UUID;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.binary.BinaryType;

/** The canonical JSON of test/interop/SPEC.md, for values read with keepBinary. */
final class Canonical {
    /** Field order of the shared types (SPEC.md); other types print in the order of their metadata. */
    static final Map<String, List<String>> FIELD_ORDER = Map.of(
        "org.acme.Address", List.of("street", "zip"),
        "org.acme.AllTypes", List.of(
            "byteF", "shortF", "intF", "longF", "floatF", "doubleF", "charF", "boolF", "stringF", "uuidF",
            "dateF", "timestampF", "timeF", "decimalF", "colorF", "byteArr", "shortArr", "intArr", "longArr",
            "floatArr", "doubleArr", "charArr", "boolArr", "stringArr", "uuidArr", "dateArr", "timestampArr",
            "decimalArr", "objArr", "listF", "setF", "mapF", "linkedMapF", "address", "addresses", "nullF"),
        "org.acme.Reading", List.of("id", "color", "binaryColor", "uuid", "amount", "at"));

    private Canonical() {
    }

    /**
     * @param v Value.
     * @param inContainer Whether {@code v} is an element of an Object[], a collection or a map, where
     *     integers carry their width ({"@int": 1}).
     */
    static String json(Object v, boolean inContainer) {
        StringBuilder sb = new StringBuilder();
        write(sb, v, inContainer);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, boolean tag) {
        if (v == null)
            sb.append("null");
        else if (v instanceof Boolean)
            sb.append(v);
        else if (v instanceof Byte)
            integer(sb, "@byte", v.toString(), tag);
        else if (v instanceof Short)
            integer(sb, "@short", v.toString(), tag);
        else if (v instanceof Integer)
            integer(sb, "@int", v.toString(), tag);
        else if (v instanceof Long) {
            if (tag)
                sb.append("{\"@long\":").append(string(v.toString())).append('}');
            else
                sb.append(string(v.toString()));
        }
        else if (v instanceof Float)
            sb.append(string(pyRepr(((Float)v).doubleValue())));
        else if (v instanceof Double)
            sb.append(string(pyRepr((Double)v)));
        else if (v instanceof Character || v instanceof String || v instanceof UUID)
            sb.append(string(v.toString()));
        else if (v instanceof Timestamp)
            sb.append(string(((Timestamp)v).getTime() + ":" + ((Timestamp)v).getNanos()));
        else if (v instanceof Time || v instanceof Date)
            sb.append(((Date)v).getTime());
        else if (v instanceof BigDecimal)
            sb.append(string(((BigDecimal)v).toPlainString()));
        else if (v instanceof BinaryObject)
            binaryObject(sb, (BinaryObject)v);
        else if (v instanceof byte[]) {
            List<Object> l = new ArrayList<>();
            for (byte x : (byte[])v) l.add(x);
            array(sb, l, false, false);
        }
        else if (v instanceof short[]) {
            List<Object> l = new ArrayList<>();
            for (short x : (short[])v) l.add(x);
            array(sb, l, false, false);
        }
        else if (v instanceof int[]) {
            List<Object> l = new ArrayList<>();
            for (int x : (int[])v) l.add(x);
            array(sb, l, false, false);
        }
        else if (v instanceof long[]) {
            List<Object> l = new ArrayList<>();
            for (long x : (long[])v) l.add(x);
            array(sb, l, false, false);
        }
        else if (v instanceof float[]) {
            List<Object> l = new ArrayList<>();
            for (float x : (float[])v) l.add(x);
            array(sb, l, false, false);
        }
        else if (v instanceof double[]) {
            List<Object> l = new ArrayList<>();
            for (double x : (double[])v) l.add(x);
            array(sb, l, false, false);
        }
        else if (v instanceof char[]) {
            List<Object> l = new ArrayList<>();
            for (char x : (char[])v) l.add(x);
            array(sb, l, false, false);
        }
        else if (v instanceof boolean[]) {
            List<Object> l = new ArrayList<>();
            for (boolean x : (boolean[])v) l.add(x);
            array(sb, l, false, false);
        }
        else if (v instanceof Object[]) {
            // String[], UUID[], Date[], Timestamp[], Time[], BigDecimal[] have a fixed element type;
            // Object[] (and enum arrays) hold anything, so integers in them are tagged.
            Class<?> comp = v.getClass().getComponentType();
            boolean typed = comp == String.class || comp == UUID.class || comp == BigDecimal.class ||
                Date.class.isAssignableFrom(comp);
            array(sb, List.of(nullSafe((Object[])v)), !typed, false);
        }
        else if (v instanceof Set) {
            boolean ordered = v instanceof LinkedHashSet || v instanceof SortedSet;
            array(sb, (Collection<?>)v, true, !ordered);
        }
        else if (v instanceof Collection)
            array(sb, (Collection<?>)v, true, false);
        else if (v instanceof Map)
            map(sb, (Map<?, ?>)v, !(v instanceof LinkedHashMap || v instanceof SortedMap));
        else
            throw new IllegalArgumentException("no canonical JSON for " + v.getClass().getName() + ": " + v);
    }

    /** List.of refuses nulls. */
    private static Object[] nullSafe(Object[] arr) {
        Object[] res = new Object[arr.length];
        for (int i = 0; i < arr.length; i++) res[i] = arr[i] == null ? NULL : arr[i];
        return res;
    }

    private static final Object NULL = new Object();

    private static void integer(StringBuilder sb, String tagName, String digits, boolean tag) {
        if (tag)
            sb.append("{\"").append(tagName).append("\":").append(digits).append('}');
        else
            sb.append(digits);
    }

    private static void array(StringBuilder sb, Collection<?> items, boolean tag, boolean sorted) {
        List<String> parts = new ArrayList<>();
        for (Object item : items) parts.add(json(item == NULL ? null : item, tag));
        if (sorted) parts.sort(null); // String.compareTo: UTF-16 code units, as JavaScript sorts
        sb.append('[').append(String.join(",", parts)).append(']');
    }

    private static void map(StringBuilder sb, Map<?, ?> m, boolean sorted) {
        List<String[]> pairs = new ArrayList<>();
        for (Map.Entry<?, ?> e : m.entrySet())
            pairs.add(new String[] {json(e.getKey(), true), json(e.getValue(), true)});
        if (sorted) pairs.sort((a, b) -> a[0].compareTo(b[0]));
        sb.append('[');
        for (int i = 0; i < pairs.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append('[').append(pairs.get(i)[0]).append(',').append(pairs.get(i)[1]).append(']');
        }
        sb.append(']');
    }

    private static void binaryObject(StringBuilder sb, BinaryObject bo) {
        BinaryType type = bo.type();
        if (type.isEnum()) {
            sb.append("{\"@enum\":").append(string(type.typeName())).append(",\"ordinal\":").append(bo.enumOrdinal()).append('}');
            return;
        }
        sb.append("{\"@type\":").append(string(type.typeName()));
        List<String> names = new ArrayList<>(FIELD_ORDER.getOrDefault(type.typeName(), List.of()));
        for (String name : type.fieldNames())
            if (!names.contains(name)) names.add(name);
        for (String name : names) {
            if (!bo.hasField(name)) continue;
            sb.append(',').append(string(name)).append(':');
            write(sb, bo.field(name), false);
        }
        sb.append('}');
    }

    /** A JSON string literal, escaped as Python's json.dumps(ensure_ascii=False) does. */
    static String string(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                default:
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int)c));
                    else sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /**
     * Python's repr(float): the shortest decimal that reads back as the same double, fixed notation
     * when the decimal exponent is in [-4, 16), else d.ddde±XX; "Infinity", "-Infinity", "NaN".
     */
    static String pyRepr(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        if (d == 0) return 1 / d < 0 ? "-0.0" : "0.0";
        BigDecimal exact = new BigDecimal(d);
        BigDecimal shortest = exact;
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == d) {
                shortest = r;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int decpt = digits.length() - shortest.scale(); // value = 0.<digits> x 10^decpt
        StringBuilder sb = new StringBuilder(d < 0 ? "-" : "");
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0)
                sb.append("0.").append("0".repeat(-decpt)).append(digits);
            else if (decpt >= digits.length())
                sb.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
            else
                sb.append(digits, 0, decpt).append('.').append(digits.substring(decpt));
        }
        else {
            int exp = decpt - 1;
            sb.append(digits.charAt(0));
            if (digits.length() > 1) sb.append('.').append(digits.substring(1));
            sb.append('e').append(exp < 0 ? '-' : '+');
            int abs = Math.abs(exp);
            if (abs < 10) sb.append('0');
            sb.append(abs);
        }
        return sb.toString();
    }
}
