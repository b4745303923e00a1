/* batch_status: consumes a batch child's result, produces the bytes of its
 * status record, and back (length-prefixed fields, closed by an end field,
 * so that a record cut short by a crash is known to be incomplete). */
#include "batch_status.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

/* Field types. */
enum {
    FIELD_OUTCOME = 'O', /* 1 byte: a batch_outcome */
    FIELD_PAGES = 'P',   /* 4 bytes, little-endian */
    FIELD_DIGEST = 'D',  /* the digest's characters */
    FIELD_MEMO = 'M',    /* path, a NUL byte, value */
    FIELD_END = 'E',     /* empty; the last field */
};

void batch_status_init(batch_status *s)
{
    s->outcome = BATCH_OUTCOME_NONE;
    s->pages = 0;
    s->digest = NULL;
    s->memo = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

void batch_status_clear(batch_status *s)
{
    g_free(s->digest);
    s->digest = NULL;
    s->outcome = BATCH_OUTCOME_NONE;
    s->pages = 0;
    if (s->memo)
        g_hash_table_remove_all(s->memo);
    else
        s->memo = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

static void put_u32(GByteArray *b, guint32 v)
{
    guint8 le[4] = { (guint8)v, (guint8)(v >> 8), (guint8)(v >> 16), (guint8)(v >> 24) };
    g_byte_array_append(b, le, 4);
}

static guint32 get_u32(const guint8 *p)
{
    return (guint32)p[0] | (guint32)p[1] << 8 | (guint32)p[2] << 16 | (guint32)p[3] << 24;
}

static void put_field(GByteArray *b, guint8 type, const void *data, gsize len)
{
    g_assert(len <= G_MAXUINT32);
    g_byte_array_append(b, &type, 1);
    put_u32(b, (guint32)len);
    if (len)
        g_byte_array_append(b, data, (guint)len);
}

GByteArray *batch_status_encode(const batch_status *s)
{
    GByteArray *b = g_byte_array_new();
    guint8 outcome = (guint8)s->outcome;
    put_field(b, FIELD_OUTCOME, &outcome, 1);
    guint8 pages[4] = { (guint8)s->pages, (guint8)(s->pages >> 8), (guint8)(s->pages >> 16),
                        (guint8)((guint32)s->pages >> 24) };
    put_field(b, FIELD_PAGES, pages, 4);
    if (s->digest)
        put_field(b, FIELD_DIGEST, s->digest, strlen(s->digest));
    if (s->memo) {
        GHashTableIter it;
        gpointer k, v;
        g_hash_table_iter_init(&it, s->memo);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            gsize kl = strlen(k), vl = strlen(v);
            char *entry = g_malloc(kl + 1 + vl);
            memcpy(entry, k, kl + 1);
            memcpy(entry + kl + 1, v, vl);
            put_field(b, FIELD_MEMO, entry, kl + 1 + vl);
            g_free(entry);
        }
    }
    put_field(b, FIELD_END, NULL, 0);
    return b;
}

bool batch_status_decode(const guint8 *bytes, gsize len, batch_status *s)
{
    gsize at = 0;
    bool ended = false;
    while (!ended) {
        if (len - at < 5)
            goto bad; /* cut short (or nothing at all) */
        guint8 type = bytes[at];
        gsize n = get_u32(bytes + at + 1);
        at += 5;
        if (n > len - at)
            goto bad;
        const guint8 *p = bytes + at;
        at += n;
        switch (type) {
        case FIELD_OUTCOME:
            if (n != 1 || p[0] < BATCH_OUTCOME_RENDERED || p[0] > BATCH_OUTCOME_FAILED)
                goto bad;
            s->outcome = (batch_outcome)p[0];
            break;
        case FIELD_PAGES:
            if (n != 4)
                goto bad;
            s->pages = (int)get_u32(p);
            break;
        case FIELD_DIGEST:
            if (memchr(p, 0, n))
                goto bad;
            g_free(s->digest);
            s->digest = g_strndup((const char *)p, n);
            break;
        case FIELD_MEMO: {
            const guint8 *nul = memchr(p, 0, n);
            if (!nul || nul == p || memchr(nul + 1, 0, n - (gsize)(nul + 1 - p)))
                goto bad;
            g_hash_table_insert(s->memo, g_strdup((const char *)p),
                                g_strndup((const char *)nul + 1, n - (gsize)(nul + 1 - p)));
            break;
        }
        case FIELD_END:
            if (n != 0)
                goto bad;
            ended = true;
            break;
        default:
            goto bad;
        }
    }
    if (at != len || s->outcome == BATCH_OUTCOME_NONE)
        goto bad;
    return true;
bad:
    batch_status_clear(s);
    return false;
}

bool batch_status_write(int fd, const batch_status *s)
{
    GByteArray *b = batch_status_encode(s);
    gsize done = 0;
    bool ok = true;
    while (done < b->len) {
        ssize_t n = write(fd, b->data + done, b->len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            ok = false;
            break;
        }
        done += (gsize)n;
    }
    g_byte_array_unref(b);
    return ok;
}
