import { z } from 'zod';

export const NearQuerySchema = z.strictObject({
  zip: z.string().trim().max(10).optional(),
  city: z.string().trim().max(100).optional(),
  state: z.string().trim().max(2).optional(),
  lat: z.coerce.number().min(-90).max(90).optional(),
  lon: z.coerce.number().min(-180).max(180).optional(),
  radiusMiles: z.coerce
    .number('Choose a radius in miles.')
    .int('Choose a whole number of miles.')
    .min(1, 'Choose a radius of at least 1 mile.')
    .max(3000, 'Choose a radius of at most 3000 miles.')
    .default(50),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
