package org.edxo.ai.support.security;

/** Values of the JWT {@code roles} claim that our routes check. */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String COORDO = "coordo";
    /** A teacher: writes plans de cours. */
    public static final String PROFESSEUR = "professeur";
    /** Our own services calling each other (workers reading settings and prices). */
    public static final String SERVICE = "service";

    private Roles() {
    }
}
