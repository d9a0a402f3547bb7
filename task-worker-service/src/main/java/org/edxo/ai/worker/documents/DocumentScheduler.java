package org.edxo.ai.worker.documents;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where POI and PDFBox run: they block and may hold a hundred megabytes each, so a few documents are
 * parsed at once ({@code edxo.worker.documents.parse-concurrency}), never on an event loop; the others
 * wait in the queue. Not a {@link Scheduler} bean, so that it never competes with the broker's scheduler
 * for injection by type.
 */
@Component
public class DocumentScheduler implements DisposableBean {

    private final Scheduler scheduler;

    public DocumentScheduler(DocumentProperties properties) {
        this.scheduler = Schedulers.newBoundedElastic(properties.parseConcurrency(),
                Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE, "edxo-documents");
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}
