#ifndef MONEY_H
#define MONEY_H
/* Amounts are integer cents. */
long money_add(long a, long b);
long money_percent(long amount, int percent);
#endif
