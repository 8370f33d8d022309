package org.acme.interop;

import java.util.Arrays;
import java.util.Objects;
import org.apache.ignite.binary.BinaryObjectException;
import org.apache.ignite.binary.BinaryRawReader;
import org.apache.ignite.binary.BinaryRawWriter;
import org.apache.ignite.binary.BinaryReader;
import org.apache.ignite.binary.BinaryWriter;
import org.apache.ignite.binary.Binarylizable;

/** A Binarylizable with raw data only: no schema, and the raw offset in the header (SPEC.md "Raw data"). */
public class RawOnly implements Binarylizable {
    private long id;

    private String text;

    private int[] numbers;

    public RawOnly() {
    }

    RawOnly(long id, String text, int[] numbers) {
        this.id = id;
        this.text = text;
        this.numbers = numbers;
    }

    @Override public void writeBinary(BinaryWriter writer) throws BinaryObjectException {
        BinaryRawWriter raw = writer.rawWriter();
        raw.writeLong(id);
        raw.writeString(text);
        raw.writeIntArray(numbers);
    }

    @Override public void readBinary(BinaryReader reader) throws BinaryObjectException {
        BinaryRawReader raw = reader.rawReader();
        id = raw.readLong();
        text = raw.readString();
        numbers = raw.readIntArray();
    }

    @Override public boolean equals(Object o) {
        if (!(o instanceof RawOnly))
            return false;
        RawOnly r = (RawOnly)o;
        return id == r.id && Objects.equals(text, r.text) && Arrays.equals(numbers, r.numbers);
    }

    @Override public int hashCode() {
        return Objects.hash(id, text, Arrays.hashCode(numbers));
    }

    @Override public String toString() {
        return "RawOnly(" + id + ", " + text + ", " + Arrays.toString(numbers) + ")";
    }
}
