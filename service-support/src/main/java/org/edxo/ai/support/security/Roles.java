package org.edxo.ai.support.security;

/** Values of the JWT {@code roles} claim that our routes check. */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String COORDO = "coordo";
    /** Our own services calling each other (workers reading settings and prices). */
    public static final String SERVICE = "service";

    private Roles() {
    }
}
