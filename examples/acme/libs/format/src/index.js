export const cents = (n) => `$${(n / 100).toFixed(2)}`;
