#include "ring_buffer.h"

#include <stdlib.h>

struct ring_buffer {
   size_t start;
   size_t used;
   size_t capacity;
   int slots[];
};

ring_buffer_t *ring_buffer_create(size_t capacity)
{
   ring_buffer_t *ring = malloc(sizeof *ring + capacity * sizeof(int));
   if (ring) {
      ring->start = 0;
      ring->used = 0;
      ring->capacity = capacity;
   }
   return ring;
}

void ring_buffer_destroy(ring_buffer_t *ring)
{
   free(ring);
}

int write(ring_buffer_t *ring, int value)
{
   if (ring->used == ring->capacity)
      return -1;
   ring->slots[(ring->start + ring->used++) % ring->capacity] = value;
   return 0;
}

int read(ring_buffer_t *ring, int *value)
{
   if (ring->used == 0)
      return -1;
   *value = ring->slots[ring->start];
   ring->start = (ring->start + 1) % ring->capacity;
   ring->used--;
   return 0;
}
