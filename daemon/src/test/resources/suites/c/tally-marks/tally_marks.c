#include <string.h>

static int marks_for(int n, char *out, size_t size)
{
   size_t used = 0;
   for (int i = 1; i <= n && used + 1 < size; i++)
      out[used++] = (i % 5 == 0) ? '/' : '|';
   out[used] = '\0';
   return (int)used;
}

int tally(int n, char *out, size_t size)
{
   if (n < 0 || size == 0)
      return -1;
   return marks_for(n, out, size);
}
