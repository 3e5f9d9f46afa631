package io.virtkit.model.domain;

import java.util.List;

/**
 * A domain's I/O threads: {@code <iothreads>}, {@code <iothreadids>} and {@code <defaultiothread>}.
 *
 * @param count         the number of I/O threads ({@code <iothreads>}), or {@code null}
 * @param ids           the {@code <iothreadids><iothread>} entries in document order
 * @param defaultThread the main loop's thread pool ({@code <defaultiothread>}), or {@code null}
 */
public record DomainIothreads(Integer count, List<Iothread> ids, ThreadPool defaultThread) {

    public DomainIothreads {
        DomainValues.nonNegative(count, "iothreads", "domain");
        ids = DomainValues.list(ids);
    }

    /** Whether nothing is given. */
    public boolean isEmpty() {
        return count == null && ids.isEmpty() && defaultThread == null;
    }

    /** One {@code <iothread>}: its id (from 1) and worker pool bounds. */
    public record Iothread(int id, ThreadPool pool) {
        public Iothread {
            if (id < 1) {
                throw DomainValues.invalid("id", "iothread", Integer.toString(id));
            }
            pool = pool == null ? ThreadPool.DEFAULT : pool;
        }
    }

    /** A thread pool's {@code thread_pool_min} and {@code thread_pool_max}, each {@code null} when not given. */
    public record ThreadPool(Integer min, Integer max) {
        public static final ThreadPool DEFAULT = new ThreadPool(null, null);

        public ThreadPool {
            DomainValues.nonNegative(min, "thread_pool_min", "iothread");
            DomainValues.nonNegative(max, "thread_pool_max", "iothread");
            if (min != null && max != null && min > max) {
                throw new io.virtkit.api.VirtException(io.virtkit.api.ErrorCode.XML_ERROR,
                        io.virtkit.api.ErrorDomain.DOMAIN,
                        "thread_pool_min '" + min + "' must be less or equal to thread_pool_max '" + max + "'");
            }
        }
    }
}
