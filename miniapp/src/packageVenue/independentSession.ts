import { installSession } from '../session/signIn'

/**
 * packageVenue is an independent subpackage: opened from a scan, app.ts has not run, and its pages
 * get their own copies of the modules (the API client among them). Each of its pages imports this
 * first, so its client can sign in again when the session ends.
 */
installSession()
