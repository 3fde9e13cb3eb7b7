#ifndef ORBIT_PERIOD_H
#define ORBIT_PERIOD_H

/* orbital period in Earth years for a planet of the given orbital ratio */
double orbit_years(double earth_seconds, double ratio);

#endif
