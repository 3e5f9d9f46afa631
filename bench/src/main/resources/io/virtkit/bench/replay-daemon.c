/*
 * The floor of the remote benchmark: a "daemon" that does no work at all. It answers each call of a virsh
 * session with the next reply recorded from a real run of the same script (byte for byte, serials checked),
 * waiting for input in poll() as libvirtd does. What virsh takes beyond virsh alone against it is what the
 * client and the socket cost: no daemon can come below that.
 *
 * usage: replay-daemon SOCKET REPLIES
 *   REPLIES holds the packets the real daemon sent, in order, as on the wire (length word first).
 *   Serves one connection after another, each from the first reply; prints "ready" once it listens.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define KEEPALIVE_PROGRAM 0x6b656570u
#define KEEPALIVE_PING 1

static uint32_t be32(const unsigned char *p) {
    return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

static int write_all(int fd, const unsigned char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t) w;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s SOCKET REPLIES\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[2], "rb");
    if (!f) { perror(argv[2]); return 1; }
    struct stat st;
    fstat(fileno(f), &st);
    unsigned char *replies = malloc((size_t) st.st_size + 1);
    if (fread(replies, 1, (size_t) st.st_size, f) != (size_t) st.st_size) { perror("read"); return 1; }
    fclose(f);
    size_t count = 0, cap = 1024, off = 0;
    size_t *start = malloc(cap * sizeof *start);
    while (off + 4 <= (size_t) st.st_size) {
        if (count == cap) start = realloc(start, (cap *= 2) * sizeof *start);
        start[count++] = off;
        off += be32(replies + off);
    }

    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    strncpy(addr.sun_path, argv[1], sizeof addr.sun_path - 1);
    unlink(argv[1]);
    if (bind(s, (struct sockaddr *) &addr, sizeof addr) < 0 || listen(s, 4) < 0) { perror("listen"); return 1; }
    printf("ready %zu replies\n", count);
    fflush(stdout);

    static unsigned char buf[1 << 20];
    for (;;) {
        int c = accept(s, NULL, NULL);
        if (c < 0) { if (errno == EINTR) continue; perror("accept"); return 1; }
        size_t have = 0, next = 0;
        for (;;) {
            struct pollfd p = {.fd = c, .events = POLLIN};
            if (poll(&p, 1, -1) < 0) { if (errno == EINTR) continue; break; }
            ssize_t r = read(c, buf + have, sizeof buf - have);
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) break;
            have += (size_t) r;
            size_t used = 0;
            while (have - used >= 28 && have - used >= be32(buf + used)) {
                unsigned char *call = buf + used;
                used += be32(call);
                if (be32(call + 4) == KEEPALIVE_PROGRAM) {
                    if (be32(call + 12) == KEEPALIVE_PING) {
                        unsigned char pong[28] = {0, 0, 0, 28, 0x6b, 0x65, 0x65, 0x70, 0, 0, 0, 1, 0, 0, 0, 2,
                                                  0, 0, 0, 2};
                        write_all(c, pong, sizeof pong);
                    }
                    continue;
                }
                if (next >= count) { fprintf(stderr, "more calls than recorded replies\n"); return 1; }
                unsigned char *reply = replies + start[next++];
                if (be32(reply + 20) != be32(call + 20) || be32(reply + 12) != be32(call + 12)) {
                    fprintf(stderr, "call %zu: procedure %u serial %u, recorded reply for procedure %u serial %u\n",
                            next, be32(call + 12), be32(call + 20), be32(reply + 12), be32(reply + 20));
                    return 1;
                }
                if (write_all(c, reply, be32(reply)) < 0) break;
            }
            memmove(buf, buf + used, have - used);
            have -= used;
        }
        close(c);
    }
}
