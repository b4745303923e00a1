/* sfnt: big-endian numbers of font files (TrueType, OpenType) and PNG
 * chunks, read and written in place. Static inline; no state. */
#ifndef SFNT_H
#define SFNT_H

#include <glib.h>

static inline guint16 sfnt_get16(const guint8 *p)
{
    return (guint16)(p[0] << 8 | p[1]);
}

static inline guint32 sfnt_get32(const guint8 *p)
{
    return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

static inline void sfnt_put16(guint8 *p, guint v)
{
    p[0] = (guint8)(v >> 8);
    p[1] = (guint8)v;
}

static inline void sfnt_put32(guint8 *p, guint32 v)
{
    sfnt_put16(p, v >> 16);
    sfnt_put16(p + 2, v & 0xFFFF);
}

#endif
