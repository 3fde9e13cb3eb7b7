#include "hamming.h"

#include <string.h>

int compute(const char *lhs, const char *rhs)
{
   if (lhs == NULL || rhs == NULL || strlen(lhs) != strlen(rhs))
      return -1;
   int distance = 0;
   for (; *lhs; lhs++, rhs++)
      distance += *lhs != *rhs;
   return distance;
}
