#include "isogram.h"

#include <ctype.h>
#include <stddef.h>

bool is_isogram(const char phrase[])
{
   if (phrase == NULL)
      return false;
   unsigned int seen = 0;
   for (; *phrase; phrase++) {
      if (!isalpha((unsigned char)*phrase))
         continue;
      unsigned int bit = 1u << (tolower((unsigned char)*phrase) - 'a');
      if (seen & bit)
         return false;
      seen |= bit;
   }
   return true;
}
