#include "money.h"
long money_add(long a, long b) { return a + b; }
long money_percent(long amount, int percent) { return amount * percent / 100; }
