import { cents } from 'format';
export const banner = (total) => `Total: ${cents(total)}`;
