/**
 * Pages that QR codes open, and the `scene` each carries (WeChat allows at most 32 characters).
 * The BFF draws the codes and the mini-program reads the scenes: both use these.
 */
export const MINIAPP_PAGES = {
  invite: 'packageInvite/pages/invite/index',
} as const;

const INVITATION_SCENE = /^i=([2-9A-HJKMNP-Z]{10})$/i;

export function invitationScene(code: string): string {
  return `i=${code}`;
}

/** The invitation code in a scene, or null when the scene is something else. */
export function invitationCodeFromScene(scene: string): string | null {
  let decoded: string;
  try {
    // WeChat hands the page its scene URL-encoded.
    decoded = decodeURIComponent(scene).trim();
  } catch {
    return null;
  }
  return INVITATION_SCENE.exec(decoded)?.[1]?.toUpperCase() ?? null;
}
