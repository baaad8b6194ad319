import zipcodes from 'zipcodes';

/** Centroids come from the `zipcodes` package bundled with the server: no outside web service. */
export type Point = { latitude: number; longitude: number };

const EARTH_RADIUS_MILES = 3958.8;
const MILES_PER_DEGREE_LATITUDE = 69.0;

export function zipCentroid(zip: string): Point | undefined {
  if (!/^\d{5}$/.test(zip)) return undefined;
  const found = zipcodes.lookup(zip);
  if (!found) return undefined;
  if (found.country !== 'US') return undefined;
  return { latitude: found.latitude, longitude: found.longitude };
}

/** The mean of the city's ZIP centroids: close enough to rank clinics by distance. */
export function cityCentroid(city: string, state: string): Point | undefined {
  const codes = zipcodes.lookupByName(city.trim(), state.trim()).filter((c) => c.country === 'US');
  if (codes.length === 0) return undefined;
  return {
    latitude: codes.reduce((sum, c) => sum + c.latitude, 0) / codes.length,
    longitude: codes.reduce((sum, c) => sum + c.longitude, 0) / codes.length,
  };
}

export function isUsState(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && code in zipcodes.states.abbr;
}

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in miles (haversine). */
export function haversineMiles(a: Point, b: Point): number {
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * A latitude/longitude box that contains every point within `miles` of the centre, for an index range
 * scan before the exact distance. Near the poles, or when it would cross the antimeridian, the box
 * spans every longitude.
 */
export function boundingBox(
  centre: Point,
  miles: number,
): { minLat: number; maxLat: number; minLon: number; maxLon: number } {
  const dLat = miles / MILES_PER_DEGREE_LATITUDE;
  const minLat = Math.max(-90, centre.latitude - dLat);
  const maxLat = Math.min(90, centre.latitude + dLat);
  const widestLat = Math.max(Math.abs(minLat), Math.abs(maxLat));
  const cos = Math.cos(radians(widestLat));
  const dLon = cos < 1e-6 ? 360 : miles / (MILES_PER_DEGREE_LATITUDE * cos);
  const minLon = centre.longitude - dLon;
  const maxLon = centre.longitude + dLon;
  if (dLon >= 180 || minLon < -180 || maxLon > 180) return { minLat, maxLat, minLon: -180, maxLon: 180 };
  return { minLat, maxLat, minLon, maxLon };
}
