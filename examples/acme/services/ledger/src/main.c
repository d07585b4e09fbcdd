#include <stdio.h>
#include "money.h"
int main(void) {
  printf("balance: %ld\n", money_add(1000, money_percent(1000, 15)));
  return 0;
}
