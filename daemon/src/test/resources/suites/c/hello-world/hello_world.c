#include "hello_world.h"

const char *hello(void)
{
   return "Hello, World!";
}
