#ifndef RING_BUFFER_H
#define RING_BUFFER_H

#include <stddef.h>

typedef struct ring_buffer ring_buffer_t;

ring_buffer_t *ring_buffer_create(size_t capacity);
void ring_buffer_destroy(ring_buffer_t *ring);

/* deliberately named like the POSIX calls: 0 on success, -1 when full/empty */
int write(ring_buffer_t *ring, int value);
int read(ring_buffer_t *ring, int *value);

#endif
