package org.edxo.ai.billing.usage;

import org.springframework.amqp.AmqpRejectAndDontRequeueException;

/**
 * A usage message that can never be charged (not the contract, impossible token counts, no price
 * for its model). Retrying cannot help: the binder sends it straight to the dead-letter queue, with
 * this message in the {@code x-exception-message} header.
 */
public class UsageRejectedException extends AmqpRejectAndDontRequeueException {

    public UsageRejectedException(String message) {
        super(message);
    }

    public UsageRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
