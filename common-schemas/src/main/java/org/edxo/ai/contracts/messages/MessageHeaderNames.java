package org.edxo.ai.contracts.messages;

/**
 * AMQP headers that repeat envelope fields, so that routing and filtering never parse a body.
 */
public final class MessageHeaderNames {

    public static final String TYPE = "edxo_type";
    public static final String TASK_ID = "edxo_task_id";
    public static final String KIND = "edxo_kind";
    public static final String USER_ID = "edxo_user_id";
    /** Routing key the binder uses on the topic exchange (see each service's application.yml). */
    public static final String ROUTING_KEY = "edxo_routing_key";

    private MessageHeaderNames() {
    }
}
