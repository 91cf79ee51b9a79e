/**
 * Pages that QR codes and subscribe messages open, and the `scene` each carries (WeChat allows at most 32 characters).
 * The BFF draws the codes and the mini-program reads the scenes: both use these.
 */
export const MINIAPP_PAGES = {
  invite: 'packageInvite/pages/invite/index',
  registerEntry: 'packageRegister/pages/entry/index',
  /** One registration, `?id=<registration id>`: where a notification about it opens. */
  registrationDetail: 'packageRegister/pages/detail/index',
  /** A registration's admission pass (准考证), `?id=<registration id>`: where a pass notification opens. */
  registrationPass: 'packageRegister/pages/pass/index',
  /** 我的: where the inbox will be (committee announcements open here until it is). */
  mine: 'pages/mine/index',
  /** A committee announcement (大赛通知), `?id=<announcement id>`: where its notification opens. */
  announcement: 'packageNotice/pages/announcement/index',
  /** A competition's public results (公示 / final), `?competitionId=`: open to anyone; a worker's 成绩 card links here. */
  results: 'packageNotice/pages/results/index',
  /** The public certificate check, `?token=` (a certificate's QR, CERTIFICATE_VERIFY_URL) or a typed short code: open to anyone. */
  certificateVerify: 'packageNotice/pages/verify/index',
  /** A person entered by a union official confirms the entry, `?t=<confirmation token>` (or the QR's scene `t=<token>`). */
  teamEntryConfirm: 'packageRegister/pages/confirm/index',
} as const;

/** Competitions' short keys for posters: 6 characters from the union-code alphabet. */
export const COMPETITION_ENTRY_KEY = /^[2-9A-HJKMNP-Z]{6}$/;

/** A poster's scene: the union's code and the competition's key (at most 2+16+3+6 = 27 characters). */
export function registrationEntryScene(unionCode: string, competitionKey: string): string {
  return `u=${unionCode}&k=${competitionKey}`;
}

/** Union code and competition key from a poster's scene (URL-encoded or not), or null. */
export function registrationEntryFromScene(scene: string): { unionCode: string; competitionKey: string } | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(scene).trim();
  } catch {
    return null;
  }
  const match = /^u=([0-9A-Za-z]{4,16})&k=([0-9A-Za-z]{6})$/.exec(decoded);
  if (!match?.[1] || !match[2]) return null;
  const competitionKey = match[2].toUpperCase();
  return COMPETITION_ENTRY_KEY.test(competitionKey) ? { unionCode: match[1].toUpperCase(), competitionKey } : null;
}

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
