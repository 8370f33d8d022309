package org.acme.interop;

import java.util.Objects;
import org.apache.ignite.binary.BinaryObjectException;
import org.apache.ignite.binary.BinaryRawReader;
import org.apache.ignite.binary.BinaryRawWriter;
import org.apache.ignite.binary.BinaryReader;
import org.apache.ignite.binary.BinaryWriter;
import org.apache.ignite.binary.Binarylizable;

/**
 * A Binarylizable with one named field and raw data after it (SPEC.md "Raw data"): its objects
 * have HAS_SCHEMA and HAS_RAW, and the raw offset after the footer.
 */
public class RawPoint implements Binarylizable {
    private int x;

    private int y;

    private String label;

    private Place where;

    public RawPoint() {
    }

    RawPoint(int x, int y, String label, Place where) {
        this.x = x;
        this.y = y;
        this.label = label;
        this.where = where;
    }

    @Override public void writeBinary(BinaryWriter writer) throws BinaryObjectException {
        writer.writeInt("x", x);
        BinaryRawWriter raw = writer.rawWriter();
        raw.writeInt(y);
        raw.writeString(label);
        // A complex object inside the raw data: only Java knows where it is.
        raw.writeObject(where);
    }

    @Override public void readBinary(BinaryReader reader) throws BinaryObjectException {
        x = reader.readInt("x");
        BinaryRawReader raw = reader.rawReader();
        y = raw.readInt();
        label = raw.readString();
        where = raw.readObject();
    }

    @Override public boolean equals(Object o) {
        if (!(o instanceof RawPoint))
            return false;
        RawPoint p = (RawPoint)o;
        return x == p.x && y == p.y && Objects.equals(label, p.label) && Objects.equals(where, p.where);
    }

    @Override public int hashCode() {
        return Objects.hash(x, y, label, where);
    }

    @Override public String toString() {
        return "RawPoint(" + x + ", " + y + ", " + label + ", " + where + ")";
    }
}
