package org.edxo.ai.support.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Import;

/** Maps database outages to 503 in the web services that use R2DBC (not in the worker, which has no database). */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(name = {"io.r2dbc.spi.ConnectionFactory", "org.springframework.dao.DataAccessException"})
@Import(DatabaseUnavailableAdvice.class)
public class DatabaseUnavailableAutoConfiguration {
}
