#include "orbit_period.h"

#define EARTH_YEAR_SECONDS 31557600.0

double orbit_years(double earth_seconds, double ratio)
{
   return earth_seconds / EARTH_YEAR_SECONDS / ratio;
}
