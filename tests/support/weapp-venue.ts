/**
 * What the scan page's weapp test finds in its BFF (seeded by ./weapp-venue-bff-main.ts, in a child
 * process): kept apart from the seeding, which loads the BFF's models, so jsdom never loads them.
 */
export const VENUE_STAFF = 'weapp-venue-staff-1';
/** The child writes the tokens it made (`TWeappVenueFixture`) to the file this variable names. */
export const VENUE_FIXTURE_ENV = 'WEAPP_VENUE_FIXTURE';

export interface TWeappVenueFixture {
  /** The morning session of the main venue, where the staff member checks in. */
  session: string;
  /** A token (QR text) per outcome it meets in that session; `checked_in` met twice is `already_checked_in`. */
  tokens: Record<'checked_in' | 'not_confirmed' | 'wrong_venue' | 'wrong_session' | 'revoked' | 'unknown' | 'forged', string>;
  /** The contestant `tokens.checked_in` names. */
  person: { name: string; passNumber: string; station: string; nationalIdMasked: string };
  /** A pass of the session nobody scans: typed by hand. */
  typedPassNumber: string;
}
