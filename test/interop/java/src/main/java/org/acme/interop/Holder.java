package org.acme.interop;

import java.util.Objects;

/** Holds a Place; inside an Outer whose home is the same Place, that field is a handle (SPEC.md "Handles"). */
public class Holder {
    int n;

    Place place;

    public Holder() {
    }

    Holder(int n, Place place) {
        this.n = n;
        this.place = place;
    }

    @Override public boolean equals(Object o) {
        return o instanceof Holder && n == ((Holder)o).n && Objects.equals(place, ((Holder)o).place);
    }

    @Override public int hashCode() {
        return Objects.hash(n, place);
    }

    @Override public String toString() {
        return "Holder(" + n + ", " + place + ")";
    }
}
