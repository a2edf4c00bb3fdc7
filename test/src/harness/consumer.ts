/** Where the global setup put the consumer project with the packed packages installed. */
import { inject } from 'vitest';

export function consumerDir(): string {
  return inject('consumerDir');
}
