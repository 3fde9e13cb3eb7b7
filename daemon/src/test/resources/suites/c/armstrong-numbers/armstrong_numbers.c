#include "armstrong_numbers.h"

#include <math.h>

bool is_armstrong_number(int candidate)
{
   int digits = 0;
   for (int n = candidate; n > 0; n /= 10)
      digits++;
   long sum = 0;
   for (int n = candidate; n > 0; n /= 10)
      sum += lround(pow(n % 10, digits));
   return sum == candidate;
}
