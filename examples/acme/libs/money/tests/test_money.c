#include <stdio.h>
#include "money.h"
int main(void) {
  if (money_add(150, 250) != 400) { puts("money_add failed"); return 1; }
  if (money_percent(1000, 15) != 150) { puts("money_percent failed"); return 1; }
  puts("money: all tests passed");
  return 0;
}
