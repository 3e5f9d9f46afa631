package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.DomainIothreads;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code <iothreads>}, {@code <iothreadids>} and {@code <defaultiothread>}. */
final class IothreadXml {

    /** The keys this codec reads, relative to {@code <domain>}. */
    static final List<String> MODELLED = List.of("iothreads", "iothreadids", "iothreadids/iothread",
            "iothreadids/iothread@id", "iothreadids/iothread@thread_pool_min",
            "iothreadids/iothread@thread_pool_max", "defaultiothread", "defaultiothread@thread_pool_min",
            "defaultiothread@thread_pool_max");

    private IothreadXml() {
    }

    /** The I/O threads under {@code root}, {@code null} without any. */
    static DomainIothreads parse(XmlCursor root) {
        String countText = root.childText("iothreads");
        Integer count = null;
        if (countText != null) {
            try {
                count = Integer.valueOf(countText.strip());
            } catch (NumberFormatException ex) {
                throw DomainErrors.xmlError("invalid iothreads count '" + countText + "'");
            }
        }
        List<DomainIothreads.Iothread> ids = new ArrayList<>();
        XmlCursor idsEl = root.child("iothreadids");
        if (idsEl != null) {
            for (XmlCursor t : idsEl.children("iothread")) {
                Integer id = DomainErrors.unsigned(t, "id");
                if (id == null) {
                    throw DomainErrors.xmlError("Missing 'id' attribute in <iothread> element");
                }
                if (id == 0) {
                    throw DomainErrors.xmlError("invalid iothread 'id' value '0'");
                }
                ids.add(new DomainIothreads.Iothread(id, pool(t)));
            }
        }
        XmlCursor loop = root.child("defaultiothread");
        DomainIothreads threads = new DomainIothreads(count, ids, loop == null ? null : pool(loop));
        return threads.isEmpty() ? null : threads;
    }

    private static DomainIothreads.ThreadPool pool(XmlCursor e) {
        return new DomainIothreads.ThreadPool(DomainErrors.unsigned(e, "thread_pool_min"),
                DomainErrors.unsigned(e, "thread_pool_max"));
    }

    static void write(XmlWriter w, DomainIothreads threads) {
        if (threads == null) {
            return;
        }
        w.text("iothreads", DomainErrors.text(threads.count()));
        if (!threads.ids().isEmpty()) {
            w.open("iothreadids");
            for (DomainIothreads.Iothread t : threads.ids()) {
                w.empty("iothread", "id", Integer.toString(t.id()), "thread_pool_min",
                        DomainErrors.text(t.pool().min()), "thread_pool_max", DomainErrors.text(t.pool().max()));
            }
            w.close("iothreadids");
        }
        if (threads.defaultThread() != null) {
            w.empty("defaultiothread", "thread_pool_min", DomainErrors.text(threads.defaultThread().min()),
                    "thread_pool_max", DomainErrors.text(threads.defaultThread().max()));
        }
    }
}
