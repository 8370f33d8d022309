package org.acme.interop;

import java.util.Objects;

/** A plain class the Java marshaller writes field by field (SPEC.md "Handles"). */
public class Place {
    String name;

    public Place() {
    }

    Place(String name) {
        this.name = name;
    }

    @Override public boolean equals(Object o) {
        return o instanceof Place && Objects.equals(name, ((Place)o).name);
    }

    @Override public int hashCode() {
        return Objects.hashCode(name);
    }

    @Override public String toString() {
        return "Place(" + name + ")";
    }
}
