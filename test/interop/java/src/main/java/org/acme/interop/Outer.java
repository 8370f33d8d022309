package org.acme.interop;

import java.util.Objects;

/**
 * home, then a Holder of the same Place: the Java marshaller writes the Holder's place as a handle
 * (102) back to home, which lies before the Holder's own bytes (SPEC.md "Handles").
 */
public class Outer {
    Place home;

    Holder holder;

    public Outer() {
    }

    Outer(Place home, Holder holder) {
        this.home = home;
        this.holder = holder;
    }

    @Override public boolean equals(Object o) {
        return o instanceof Outer && Objects.equals(home, ((Outer)o).home) && Objects.equals(holder, ((Outer)o).holder);
    }

    @Override public int hashCode() {
        return Objects.hash(home, holder);
    }
}
