package org.acme.interop;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.internal.binary.BinaryObjectImpl;

/**
 * Diagnostics, not part of SPEC.md: the header and the wire type code of every field of a complex
 * object as stored (`Interop dump host:port peer`), to compare what two peers wrote byte for byte.
 */
final class RawDump {
    private RawDump() {
    }

    static String describe(BinaryObject bo) {
        if (!(bo instanceof BinaryObjectImpl))
            return "(" + bo.getClass().getSimpleName() + ": no byte array)";
        BinaryObjectImpl obj = (BinaryObjectImpl)bo;
        byte[] a = obj.array();
        int s = obj.start();
        int flags = u16(a, s + 2);
        int length = i32(a, s + 12);
        int schemaOff = i32(a, s + 20);
        int offLen = (flags & 0x08) != 0 ? 1 : (flags & 0x10) != 0 ? 2 : 4;
        boolean compact = (flags & 0x20) != 0;
        int footerEnd = length - ((flags & 0x04) != 0 ? 4 : 0);
        int entry = (compact ? 0 : 4) + offLen;
        int count = (footerEnd - schemaOff) / entry;

        Map<Integer, String> names = new HashMap<>();
        for (String n : bo.type().fieldNames())
            names.put(n.toLowerCase().hashCode(), n);
        int[] schemaIds = compact ? obj.createSchema().fieldIds() : null;

        StringBuilder sb = new StringBuilder();
        sb.append(String.format("type=%s flags=0x%02x (%s%s offsets %d B) length=%d hash=%d schemaId=%d sha256=%s",
            bo.type().typeName(), flags, compact ? "compact footer" : "full footer",
            (flags & 0x04) != 0 ? ", raw" : "", offLen, length, i32(a, s + 8), i32(a, s + 16), sha256(a, s, length)));
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int p = s + schemaOff + i * entry;
            int fieldId = compact ? schemaIds[i] : i32(a, p);
            int off = offLen == 1 ? a[p + entry - 1] & 0xff : offLen == 2 ? u16(a, p + entry - 2) : i32(a, p + entry - 4);
            int v = s + off;
            int code = a[v];
            String detail;
            switch (code) {
                case 23: detail = " componentTypeId=" + i32(a, v + 1); break; // Object[]
                case 24: case 25: detail = " kind=" + a[v + 5]; break; // collection, map
                case 28: case 38: detail = " enumTypeId=" + i32(a, v + 1); break;
                case 103: detail = String.format(" typeId=%d flags=0x%02x", i32(a, v + 4), u16(a, v + 2)); break;
                default: detail = "";
            }
            fields.add(names.getOrDefault(fieldId, "#" + fieldId) + "=" + code + detail);
        }
        sb.append("\n  fields: ").append(String.join(", ", fields));
        return sb.toString();
    }

    private static String sha256(byte[] a, int start, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(a, start, length);
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        }
        catch (NoSuchAlgorithmException e) {
            return "?";
        }
    }

    private static int u16(byte[] a, int p) {
        return (a[p] & 0xff) | (a[p + 1] & 0xff) << 8;
    }

    private static int i32(byte[] a, int p) {
        return (a[p] & 0xff) | (a[p + 1] & 0xff) << 8 | (a[p + 2] & 0xff) << 16 | (a[p + 3] & 0xff) << 24;
    }
}
