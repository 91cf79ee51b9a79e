/**
 * The permission matrix: every API route × every kind of caller × {own scope, other scope,
 * nonexistent}. No session → 401; a role the route does not take → 403; a role it takes →
 * success in its own scope and, outside it, the same 404 as for something that does not exist.
 * A route missing from the table fails the test, so new routes must be placed in it.
 */
import request from 'supertest';
import mongoose, { Types } from 'mongoose';
import { PNG } from 'pngjs';
import { MINIAPP_PAGES, PRIVACY_NOTICE_VERSION, formatPassNumber, type TRole } from '@contest/shared';
import { apiRouter } from '@contest/bff/src/routes/api';
import { publicResultsRouter } from '@contest/bff/src/routes/api/results';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { AnnouncementModel } from '@contest/bff/src/models/announcement';
import { EVIDENCE_BUCKET, EvidenceModel } from '@contest/bff/src/models/evidence';
import { NotificationModel } from '@contest/bff/src/models/notification';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { RoleGrantModel } from '@contest/bff/src/models/roleGrant';
import { UnionModel } from '@contest/bff/src/models/union';
import { VenueSessionModel } from '@contest/bff/src/models/venueSession';
import { TeamModel } from '@contest/bff/src/models/team';
import { createInvitation } from '@contest/bff/src/services/invitations';
import { buildDeps } from '@contest/bff/src/deps';
import { createLogger } from '@contest/bff/src/logger';
import { signInAs, type TestGrant, type TestPerson } from '../support/auth';
import { startHarness, type TestHarness } from '../support/bff';
import { HEXI_CODE, newIdempotencyKey, registrationInput, validNationalId } from '../support/registration';
import { EmulatorControl } from '../support/wechatEmulator';
import { createOtherCompetition } from '../support/otherCompetition';

type Caller = 'worker' | TRole;
const CALLERS: Caller[] = ['worker', 'union_official', 'committee', 'venue_staff', 'admin'];

interface Req {
  path: string;
  body?: object;
  headers?: Record<string, string>;
}

interface World {
  hexi: string; // the official's union
  nankai: string; // another union
  compA: string; // the scoped committee's and venue staff's competition
  compB: string;
  sessionA: string; // a session of compA's main venue (the venue staff's)
  sessionB: string; // a session of compB
  people: Record<Caller, TestPerson>;
}

interface RouteCase {
  /** Who may call it: anyone, anyone signed in, or these roles. */
  access: 'public' | 'signed_in' | TRole[];
  /** A request in the caller's own scope (also used when the route has no scope). */
  own: (w: World, caller: Caller) => Promise<Req> | Req;
  /**
   * For scoped routes: a request just outside the caller's scope (null when this caller's scope
   * has no outside here, as for admins), and one for something that does not exist.
   */
  other?: (w: World, caller: Caller) => Promise<Req | null> | Req | null;
  missing?: (w: World) => Req;
  /** Status expected for an allowed caller in scope. */
  ok?: number;
  /** The call ends the caller's session: make it as a fresh person with the same roles. */
  endsSession?: boolean;
}

const MISSING_ID = '0123456789abcdef01234567';

async function invitationFor(w: World, competitionId: string): Promise<string> {
  const { invitation } = await createInvitation(
    { userId: w.people.admin.userId, sessionId: new Types.ObjectId(), grants: [await RoleGrantModel.findOne({ userId: w.people.admin.userId }).lean().orFail()] },
    { role: 'venue_staff', unionId: null, competitionId, venue: '主赛场', note: '', expiresInHours: 24 },
    new Date(),
  );
  return invitation._id.toHexString();
}

async function grantFor(competitionId: string): Promise<string> {
  const person = await signInAs([{ role: 'venue_staff', competitionId, venue: '主赛场' }]);
  const grant = await RoleGrantModel.findOne({ userId: person.userId }).lean().orFail();
  return grant._id.toHexString();
}

const READERS: TRole[] = ['union_official', 'committee', 'admin'];
const KEEPERS: TRole[] = ['committee', 'admin'];

/** A valid set-up for PUT: the version is stale on purpose, so an allowed caller in scope gets 409, not a change. */
const staleSetup = {
  version: 999_999,
  setup: {
    name: '权限测试赛事',
    organiser: '组委会',
    registrationOpensAt: '2027-03-01T00:00:00+08:00',
    registrationClosesAt: '2027-05-31T23:59:59+08:00',
    groups: [{ code: 'worker', name: '职工组' }],
    trades: [{ code: 'welding', name: '焊工', groups: ['worker'] }],
  },
};
let unionSerial = 0;

async function entryKeyOf(competitionId: string): Promise<string> {
  const competition = await CompetitionModel.findById(competitionId).lean().orFail();
  return competition.entryKey!;
}

/** A registration owned by `userId`, written straight to the database (submitted, at 河西区, unless said otherwise). */
async function registrationOf(
  userId: Types.ObjectId,
  options: { unionName?: string; competitionId?: string; status?: 'submitted' | 'union_approved' | 'confirmed'; pass?: boolean } = {},
): Promise<string> {
  const union = await UnionModel.findOne({ name: options.unionName ?? '河西区总工会' }).lean().orFail();
  const competition = options.competitionId
    ? await CompetitionModel.findById(options.competitionId).lean().orFail()
    : await CompetitionModel.findOne({ slug: 'tj-haihe-cup' }).lean().orFail();
  const created = await RegistrationModel.create({
    competitionId: competition._id,
    unionId: union._id,
    unionPath: [...union.ancestorIds, union._id],
    userId,
    nationalIdHash: new Types.ObjectId().toHexString(),
    age: 30,
    sex: 'male',
    tradeCode: 'welding',
    groupCode: 'worker',
    status: options.status ?? 'submitted',
    ...(options.pass ? { status: 'confirmed', pass: await passIn(competition._id) } : {}),
  });
  return created._id.toHexString();
}

async function passNumberOf(registrationId: string): Promise<string> {
  return (await RegistrationModel.findById(registrationId).lean().orFail()).pass!.number;
}

/** Serials far above those placing draws in this file, so the two never meet. */
let passSerial = 9_000_000;

/** A pass at the next station of compA's matrix session (written as placing writes it). */
async function passIn(competitionId: Types.ObjectId) {
  const session = await VenueSessionModel.findOne({ competitionId, code: 'matrix' }).lean().orFail();
  passSerial += 1;
  return {
    serial: passSerial,
    number: formatPassNumber(passSerial),
    version: 1,
    keyId: 'test1',
    token: 'matrix-token',
    sessionId: session._id,
    venueCode: session.venueCode,
    sessionCode: session.code,
    stationNumber: passSerial - 8_999_000,
    station: `A-${passSerial - 8_999_000}`,
    issuedAt: new Date(),
  };
}

/** A session written straight to the database. */
async function sessionOf(competitionId: string, code: string): Promise<string> {
  const created = await VenueSessionModel.create({
    competitionId,
    code,
    venueCode: 'main',
    date: '2027-09-20',
    startTime: '09:00',
    endTime: '12:00',
    startsAt: new Date('2027-09-20T01:00:00Z'),
    endsAt: new Date('2027-09-20T04:00:00Z'),
    capacity: 1000,
    hosts: [{ tradeCode: 'welding', groupCode: 'worker' }],
  });
  return created._id.toHexString();
}

let sessionSerial = 0;
const newSession = () => ({
  code: `matrix-${(sessionSerial += 1)}`,
  venueCode: 'main',
  date: '2027-09-20',
  startTime: '09:00',
  endTime: '12:00',
  capacity: 10,
  hosts: [{ tradeCode: 'welding', groupCode: 'worker' }],
});
const staleSession = { version: 999_999, session: { ...newSession(), code: undefined } };
const forgedScan = (sessionId: string) => ({ sessionId, nonce: `matrix-${new Types.ObjectId().toHexString()}`, scannedAt: new Date().toISOString(), deviceId: 'matrix', token: 'forged' });

let sealing: Awaited<ReturnType<typeof buildDeps>>['personalData'] | null = null;

/** An evidence photo of `userId` (linked to `registrationId` when given), sealed into GridFS as an upload stores it. */
async function evidenceOf(competitionId: string, userId: Types.ObjectId, registrationId: string | null = null): Promise<string> {
  sealing ??= (await buildDeps(harness.config, createLogger({ LOG_LEVEL: 'silent' }))).personalData;
  const photo = PNG.sync.write(new PNG({ width: 2, height: 2 }));
  const bucket = new mongoose.mongo.GridFSBucket(mongoose.connection.db!, { bucketName: EVIDENCE_BUCKET });
  const upload = bucket.openUploadStream('matrix');
  await new Promise((resolve, reject) => upload.once('finish', resolve).once('error', reject).end(sealing!.encryptBytes(photo)));
  const created = await EvidenceModel.create({
    userId,
    competitionId,
    kind: 'id_front',
    registrationId,
    fileId: upload.id,
    contentType: 'image/png',
    size: photo.length,
    width: 2,
    height: 2,
    uploadedAt: new Date(),
  });
  return created._id.toHexString();
}

/** A notification addressed to `userId`, written straight to the database. */
async function notificationOf(userId: Types.ObjectId): Promise<string> {
  const created = await NotificationModel.create({
    eventId: `matrix:${new Types.ObjectId().toHexString()}`,
    userId,
    kind: 'announcement',
    templateKey: 'competition_notice',
    data: { competition: '权限测试赛事', title: '通知', body: '内容', at: new Date().toISOString() },
    page: MINIAPP_PAGES.mine,
    at: new Date(),
    state: 'no_grant',
    leaseUntil: new Date(),
  });
  return created._id.toHexString();
}

/** An announcement of the demo competition, received by `userId` only (its notification written straight to the database). */
async function announcementReceivedBy(userId: Types.ObjectId): Promise<string> {
  const competition = await CompetitionModel.findOne({ slug: 'tj-haihe-cup' }).lean().orFail();
  const announcement = await AnnouncementModel.create({
    competitionId: competition._id,
    competitionName: competition.name,
    title: '权限测试通知',
    body: '内容',
    authorUserId: new Types.ObjectId(),
    state: 'published',
    publishedAt: new Date(),
  });
  const notification = await notificationOf(userId);
  await NotificationModel.updateOne({ _id: notification }, { $set: { announcementId: announcement._id } });
  return announcement._id.toHexString();
}

const notice = { title: '权限测试通知', body: '内容' };

/** The committee's announcements of a competition: the scoped committee's outside is another competition. */
function announcementCases(): Record<string, RouteCase> {
  const path = (competitionId: string, suffix = '') => `/api/v1/admin/competitions/${competitionId}/announcements${suffix}`;
  const otherCompetition = (w: World, caller: Caller) => (caller === 'committee' ? w.compB : null);
  const competitionCase = (suffix: string, body?: object, ok?: number): RouteCase => {
    const req = (competitionId: string): Req => ({ path: path(competitionId, suffix), body, headers: { 'Idempotency-Key': newIdempotencyKey() } });
    return {
      access: KEEPERS,
      // Someone to reach, so that publishing has an audience.
      own: async (w) => {
        await registrationOf(new Types.ObjectId(), { competitionId: w.compA });
        return req(w.compA);
      },
      other: (w, caller) => {
        const id = otherCompetition(w, caller);
        return id ? req(id) : null;
      },
      missing: () => req(MISSING_ID),
      ok,
    };
  };
  return {
    'GET /api/v1/admin/competitions/:id/announcements': competitionCase(''),
    'POST /api/v1/admin/competitions/:id/announcements/preview': competitionCase('/preview', { audience: {} }),
    'POST /api/v1/admin/competitions/:id/announcements': competitionCase('', notice, 201),
    'GET /api/v1/me/announcements/:id': {
      access: 'signed_in',
      own: async (w, caller) => ({ path: `/api/v1/me/announcements/${await announcementReceivedBy(w.people[caller].userId)}` }),
      other: async () => ({ path: `/api/v1/me/announcements/${await announcementReceivedBy(new Types.ObjectId())}` }),
      missing: () => ({ path: `/api/v1/me/announcements/${MISSING_ID}` }),
    },
  };
}

const UNION_DESK: TRole[] = ['union_official'];
const rejection = { decision: 'reject', reason: '报名信息填写不完整或有误', version: 0 };

/** The audit desks' routes: the union desk's outside is another union; the scoped committee's, another competition. */
function auditDeskCases(desk: 'union' | 'committee'): Record<string, RouteCase> {
  const prefix = `/api/v1/audit/${desk}`;
  const access = desk === 'union' ? UNION_DESK : KEEPERS;
  const waiting = desk === 'union' ? 'submitted' : 'union_approved';
  const ownRegistration = (w: World) => registrationOf(new Types.ObjectId(), { status: waiting, competitionId: w.compA });
  const otherRegistration = async (w: World, caller: Caller) => {
    if (desk === 'union') return caller === 'union_official' ? registrationOf(new Types.ObjectId(), { unionName: '南开区总工会', competitionId: w.compA }) : null;
    return caller === 'committee' ? registrationOf(new Types.ObjectId(), { status: waiting, competitionId: w.compB }) : null;
  };
  const otherCompetition = (w: World, caller: Caller) => (desk === 'committee' && caller === 'committee' ? w.compB : null);
  const competitionCase = (suffix: string): RouteCase => ({
    access,
    own: (w) => ({ path: `${prefix}/competitions/${w.compA}${suffix}` }),
    other: (w, caller) => {
      const id = otherCompetition(w, caller);
      return id ? { path: `${prefix}/competitions/${id}${suffix}` } : null;
    },
    missing: () => ({ path: `${prefix}/competitions/${MISSING_ID}${suffix}` }),
  });
  const registrationCase = (suffix: string, body?: object): RouteCase => ({
    access,
    own: async (w) => ({ path: `${prefix}/registrations/${await ownRegistration(w)}${suffix}`, body }),
    other: async (w, caller) => {
      const id = await otherRegistration(w, caller);
      return id ? { path: `${prefix}/registrations/${id}${suffix}`, body } : null;
    },
    missing: () => ({ path: `${prefix}/registrations/${MISSING_ID}${suffix}`, body }),
  });
  return {
    [`GET ${prefix}/competitions`]: { access, own: () => ({ path: `${prefix}/competitions` }) },
    [`GET ${prefix}/competitions/:id/summary`]: competitionCase('/summary'),
    [`GET ${prefix}/competitions/:id/reachability`]: competitionCase('/reachability'),
    [`GET ${prefix}/competitions/:id/registrations`]: competitionCase('/registrations'),
    [`GET ${prefix}/competitions/:id/export`]: competitionCase('/export'),
    [`GET ${prefix}/registrations/:id`]: registrationCase(''),
    [`POST ${prefix}/registrations/:id/reveal`]: registrationCase('/reveal'),
    // A photo of the registration: outside the scope (or of no registration) as missing as the registration.
    [`GET ${prefix}/registrations/:id/evidence/:evidenceId`]: {
      access,
      own: async (w) => {
        const id = await ownRegistration(w);
        return { path: `${prefix}/registrations/${id}/evidence/${await evidenceOf(w.compA, new Types.ObjectId(), id)}` };
      },
      other: async (w, caller) => {
        const id = await otherRegistration(w, caller);
        return id ? { path: `${prefix}/registrations/${id}/evidence/${await evidenceOf(w.compA, new Types.ObjectId(), id)}` } : null;
      },
      missing: () => ({ path: `${prefix}/registrations/${MISSING_ID}/evidence/${MISSING_ID}` }),
    },
    [`POST ${prefix}/registrations/:id/decision`]: registrationCase('/decision', rejection),
    // Per-item outcomes: out-of-scope items are answered inside the 200 (tests/api/audit.test.ts).
    [`POST ${prefix}/decisions`]: {
      access,
      own: async (w) => ({ path: `${prefix}/decisions`, body: { decision: 'reject', reason: rejection.reason, items: [{ id: await ownRegistration(w), version: 0 }] } }),
    },
  };
}

const OVERSEERS: TRole[] = ['venue_staff', 'committee', 'admin'];

/** The venue routes by session: the venue staff's and the scoped committee's outside is compB's session. */
function venueSessionCase(method: 'GET' | 'POST', path: string, body?: (sessionId: string) => object): RouteCase {
  const req = (sessionId: string) => (method === 'GET' ? { path: `${path}?session=${sessionId}` } : { path, body: body!(sessionId) });
  return {
    access: method === 'GET' ? OVERSEERS : ['venue_staff'],
    own: (w) => req(w.sessionA),
    other: (w, caller) => (caller === 'admin' ? null : req(w.sessionB)),
    missing: () => req(MISSING_ID),
  };
}

/** The committee's routes under one competition: the scoped committee's outside is compB. */
function competitionCase(suffix: string | { own: (w: World) => Promise<string>; missing: string }, options: { body?: () => object; ok?: number } = {}): RouteCase {
  const path = async (w: World, competitionId: string) => `/api/v1/admin/competitions/${competitionId}${typeof suffix === 'string' ? suffix : await suffix.own(w)}`;
  return {
    access: KEEPERS,
    own: async (w) => ({ path: await path(w, w.compA), body: options.body?.() }),
    other: async (w, caller) => (caller === 'admin' ? null : { path: await path(w, w.compB), body: options.body?.() }),
    missing: () => ({ path: `/api/v1/admin/competitions/${MISSING_ID}${typeof suffix === 'string' ? suffix : suffix.missing}`, body: options.body?.() }),
    ok: options.ok,
  };
}

function resubmission(w: World) {
  const { competitionId: _competitionId, ...form } = registrationInput(w.compA);
  return { ...form, version: 0 };
}

/** A team of `unionId` in compA, written straight to the database (the team routes' own tests are tests/api/teamEntries.test.ts). */
async function teamOf(w: World, unionId: string): Promise<string> {
  const union = await UnionModel.findById(unionId).lean().orFail();
  const team = await TeamModel.create({
    competitionId: w.compA,
    unionId,
    unionPath: [...union.ancestorIds, union._id],
    name: '权限测试队',
    leaderName: '王领队',
    leaderMobileSealed: 'sealed',
    leaderMobileMasked: '139****1111',
    createdBy: w.people.admin.userId,
  });
  return team._id.toHexString();
}

let teamMemberSequence = 401;
/** A person the official of 河西区 enters now in a team of `unionId`, as the official would: the team, the entry and its confirmation token. */
async function teamMemberOf(w: World, unionId = w.hexi): Promise<{ teamId: string; entryId: string; token: string }> {
  const { competitionId: _c, unionCode: _u, declarations: _d, ...member } = registrationInput(w.compA, { nationalId: validNationalId('19920202', (teamMemberSequence += 2)) });
  const teamId = await teamOf(w, unionId);
  // Another union's team: its member entered by an official of that union.
  const official = unionId === w.hexi ? w.people.union_official : await signInAs([{ role: 'union_official', unionId }]);
  const entered = await request(harness.app.callback()).post(`/api/v1/audit/union/teams/${teamId}/members`).set(official.auth).send(member).expect(201);
  const data = (entered.body as { data: { id: string; confirmation: { token: string } } }).data;
  return { teamId, entryId: data.id, token: data.confirmation.token };
}
const teamEntryToken = async (w: World) => (await teamMemberOf(w)).token;
const FORGED_TEAM_TOKEN = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAA';

const teamCase = (suffix: string, body?: () => object, ok?: number): RouteCase => ({
  access: UNION_DESK,
  own: async (w) => ({ path: `/api/v1/audit/union/teams/${await teamOf(w, w.hexi)}${suffix}`, body: body?.() }),
  other: async (w, caller) => (caller === 'union_official' ? { path: `/api/v1/audit/union/teams/${await teamOf(w, w.nankai)}${suffix}`, body: body?.() } : null),
  missing: () => ({ path: `/api/v1/audit/union/teams/${MISSING_ID}${suffix}`, body: body?.() }),
  ok,
});

const CASES: Record<string, RouteCase> = {
  'GET /api/v1/audit/union/teams': { access: UNION_DESK, own: (w) => ({ path: `/api/v1/audit/union/teams?competitionId=${w.compA}` }) },
  'GET /api/v1/audit/union/teams/sheet-template': { access: UNION_DESK, own: (w) => ({ path: `/api/v1/audit/union/teams/sheet-template?competitionId=${w.compA}` }) },
  'POST /api/v1/audit/union/teams': {
    access: UNION_DESK,
    own: (w) => ({ path: '/api/v1/audit/union/teams', body: { competitionId: w.compA, unionCode: HEXI_CODE, name: '权限测试队', leader: { name: '王领队', mobile: '13900001111' } } }),
    ok: 201,
  },
  'GET /api/v1/audit/union/teams/:teamId': teamCase(''),
  'POST /api/v1/audit/union/teams/:teamId/members': teamCase('/members', () => {
    const { competitionId: _c, unionCode: _u, declarations: _d, ...member } = registrationInput(MISSING_ID, { nationalId: validNationalId('19930303', (teamMemberSequence += 2)) });
    return member;
  }, 201),
  // Not a sheet: 415 once the team is found in scope (the sheet itself: tests/api/teamEntries.test.ts).
  'POST /api/v1/audit/union/teams/:teamId/sheet': teamCase('/sheet', () => ({}), 415),
  'GET /api/v1/audit/union/teams/:teamId/members/:entryId/code': {
    access: UNION_DESK,
    own: async (w) => {
      const { teamId, entryId } = await teamMemberOf(w);
      return { path: `/api/v1/audit/union/teams/${teamId}/members/${entryId}/code` };
    },
    other: async (w, caller) => {
      if (caller !== 'union_official') return null;
      const { teamId, entryId } = await teamMemberOf(w, w.nankai);
      return { path: `/api/v1/audit/union/teams/${teamId}/members/${entryId}/code` };
    },
    missing: () => ({ path: `/api/v1/audit/union/teams/${MISSING_ID}/members/${MISSING_ID}/code` }),
  },
  'GET /api/v1/team-entries/:token': {
    access: 'signed_in',
    own: async (w) => ({ path: `/api/v1/team-entries/${await teamEntryToken(w)}` }),
    missing: () => ({ path: `/api/v1/team-entries/${FORGED_TEAM_TOKEN}` }),
  },
  'POST /api/v1/team-entries/:token/confirm': {
    access: 'signed_in',
    own: async (w) => ({ path: `/api/v1/team-entries/${await teamEntryToken(w)}/confirm`, body: { privacyNoticeVersion: PRIVACY_NOTICE_VERSION, confirmDeclarations: true } }),
    missing: () => ({ path: `/api/v1/team-entries/${FORGED_TEAM_TOKEN}/confirm`, body: { privacyNoticeVersion: PRIVACY_NOTICE_VERSION, confirmDeclarations: true } }),
  },
  'GET /api/v1/competitions': { access: 'public', own: () => ({ path: '/api/v1/competitions' }) },
  'GET /api/v1/competitions/:id': {
    access: 'public',
    own: (w) => ({ path: `/api/v1/competitions/${w.compA}` }),
    missing: () => ({ path: `/api/v1/competitions/${MISSING_ID}` }),
  },
  'POST /api/v1/auth/wechat': {
    access: 'public',
    own: async () => ({ path: '/api/v1/auth/wechat', body: { code: (await new EmulatorControl(harness.wechat!.baseUrl).loginCode('matrix')).code } }),
  },
  'POST /api/v1/dev/login-code': { access: 'public', own: () => ({ path: '/api/v1/dev/login-code', body: { user: 'matrix' } }) },
  'POST /api/v1/auth/logout': { access: 'signed_in', own: () => ({ path: '/api/v1/auth/logout' }), endsSession: true },
  'GET /api/v1/me': { access: 'signed_in', own: () => ({ path: '/api/v1/me' }) },
  'POST /api/v1/me/privacy-consent': {
    access: 'signed_in',
    own: () => ({ path: '/api/v1/me/privacy-consent', body: { version: PRIVACY_NOTICE_VERSION } }),
  },
  'POST /api/v1/me/subscriptions': {
    access: 'signed_in',
    own: () => ({ path: '/api/v1/me/subscriptions', body: { answers: { 'matrix-template': 'accept' } } }),
  },
  'GET /api/v1/me/notifications': { access: 'signed_in', own: () => ({ path: '/api/v1/me/notifications' }) },
  'POST /api/v1/me/notifications/read-all': { access: 'signed_in', own: () => ({ path: '/api/v1/me/notifications/read-all' }) },
  // A JSON body is no photo: 415 once past the sign-in (tests/api/evidence.test.ts uploads real ones).
  'POST /api/v1/me/evidence': {
    access: 'signed_in',
    own: (w) => ({ path: `/api/v1/me/evidence?competitionId=${w.compA}&kind=id_front`, body: {} }),
    ok: 415,
  },
  'GET /api/v1/me/evidence': { access: 'signed_in', own: (w) => ({ path: `/api/v1/me/evidence?competitionId=${w.compA}` }) },
  'GET /api/v1/me/evidence/:id': {
    access: 'signed_in',
    own: async (w, caller) => ({ path: `/api/v1/me/evidence/${await evidenceOf(w.compA, w.people[caller].userId)}` }),
    other: async (w) => ({ path: `/api/v1/me/evidence/${await evidenceOf(w.compA, new Types.ObjectId())}` }),
    missing: () => ({ path: `/api/v1/me/evidence/${MISSING_ID}` }),
  },
  'POST /api/v1/me/notifications/:id/read': {
    access: 'signed_in',
    own: async (w, caller) => ({ path: `/api/v1/me/notifications/${await notificationOf(w.people[caller].userId)}/read` }),
    other: async () => ({ path: `/api/v1/me/notifications/${await notificationOf(new Types.ObjectId())}/read` }),
    missing: () => ({ path: `/api/v1/me/notifications/${MISSING_ID}/read` }),
  },
  'POST /api/v1/invitations': {
    access: ['committee', 'admin'],
    own: (w) => ({ path: '/api/v1/invitations', body: { role: 'venue_staff', competitionId: w.compA, venue: '主赛场' } }),
    other: (w, caller) => (caller === 'admin' ? null : { path: '/api/v1/invitations', body: { role: 'venue_staff', competitionId: w.compB, venue: '主赛场' } }),
    missing: () => ({ path: '/api/v1/invitations', body: { role: 'venue_staff', competitionId: MISSING_ID, venue: '主赛场' } }),
    ok: 201,
  },
  'GET /api/v1/invitations': { access: ['committee', 'admin'], own: () => ({ path: '/api/v1/invitations' }) },
  'POST /api/v1/invitations/:id/revoke': {
    access: ['committee', 'admin'],
    own: async (w) => ({ path: `/api/v1/invitations/${await invitationFor(w, w.compA)}/revoke` }),
    other: async (w, caller) => (caller === 'admin' ? null : { path: `/api/v1/invitations/${await invitationFor(w, w.compB)}/revoke` }),
    missing: () => ({ path: `/api/v1/invitations/${MISSING_ID}/revoke` }),
  },
  'POST /api/v1/invitations/preview': {
    access: 'signed_in',
    own: () => ({ path: '/api/v1/invitations/preview', body: { code: 'ABCDEFGHJK' } }),
    ok: 404,
  },
  'POST /api/v1/invitations/accept': {
    access: 'signed_in',
    own: () => ({ path: '/api/v1/invitations/accept', body: { code: 'ABCDEFGHJK' } }),
    ok: 404,
  },
  'GET /api/v1/roles': { access: ['committee', 'admin'], own: () => ({ path: '/api/v1/roles' }) },
  'GET /api/v1/competitions/by-key/:key': {
    access: 'public',
    own: async (w) => ({ path: `/api/v1/competitions/by-key/${await entryKeyOf(w.compA)}` }),
    missing: () => ({ path: '/api/v1/competitions/by-key/ZZZZZZ' }),
  },
  'GET /api/v1/admin/unions/:id/poster': {
    access: READERS,
    own: (w) => ({ path: `/api/v1/admin/unions/${w.hexi}/poster?competitionId=${w.compA}` }),
    other: (w, caller) => (caller === 'union_official' ? { path: `/api/v1/admin/unions/${w.nankai}/poster?competitionId=${w.compA}` } : null),
    missing: (w) => ({ path: `/api/v1/admin/unions/${MISSING_ID}/poster?competitionId=${w.compA}` }),
  },
  'GET /api/v1/unions/by-code/:code': { access: 'public', own: () => ({ path: `/api/v1/unions/by-code/${HEXI_CODE}` }) },
  // Without an Idempotency-Key: callers who get past sign-in reach the handler's 400.
  'POST /api/v1/registrations': { access: 'signed_in', own: (w) => ({ path: '/api/v1/registrations', body: registrationInput(w.compA) }), ok: 400 },
  'GET /api/v1/me/registrations': { access: 'signed_in', own: () => ({ path: '/api/v1/me/registrations' }) },
  'GET /api/v1/me/registrations/:id': {
    access: 'signed_in',
    own: async (w, caller) => ({ path: `/api/v1/me/registrations/${await registrationOf(w.people[caller].userId)}` }),
    other: async () => ({ path: `/api/v1/me/registrations/${await registrationOf(new Types.ObjectId())}` }),
    missing: () => ({ path: `/api/v1/me/registrations/${MISSING_ID}` }),
  },
  // The owner reaches it; with no award it is 404, as for another's registration.
  'GET /api/v1/me/registrations/:id/certificate.pdf': {
    access: 'signed_in',
    own: async (w, caller) => ({ path: `/api/v1/me/registrations/${await registrationOf(w.people[caller].userId)}/certificate.pdf` }),
    other: async () => ({ path: `/api/v1/me/registrations/${await registrationOf(new Types.ObjectId())}/certificate.pdf` }),
    missing: () => ({ path: `/api/v1/me/registrations/${MISSING_ID}/certificate.pdf` }),
    ok: 404,
  },
  'POST /api/v1/me/registrations/:id/withdraw': {
    access: 'signed_in',
    own: async (w, caller) => ({ path: `/api/v1/me/registrations/${await registrationOf(w.people[caller].userId)}/withdraw`, body: { version: 0 } }),
    other: async () => ({ path: `/api/v1/me/registrations/${await registrationOf(new Types.ObjectId())}/withdraw`, body: { version: 0 } }),
    missing: () => ({ path: `/api/v1/me/registrations/${MISSING_ID}/withdraw`, body: { version: 0 } }),
  },
  // A submitted registration cannot be resubmitted: the owner reaches the transition's 409.
  'PUT /api/v1/me/registrations/:id': {
    access: 'signed_in',
    own: async (w, caller) => ({ path: `/api/v1/me/registrations/${await registrationOf(w.people[caller].userId)}`, body: resubmission(w) }),
    other: async (w) => ({ path: `/api/v1/me/registrations/${await registrationOf(new Types.ObjectId())}`, body: resubmission(w) }),
    missing: (w) => ({ path: `/api/v1/me/registrations/${MISSING_ID}`, body: resubmission(w) }),
    ok: 409,
  },
  'GET /api/v1/admin/unions': { access: READERS, own: () => ({ path: '/api/v1/admin/unions' }) },
  'GET /api/v1/admin/unions/export': { access: READERS, own: () => ({ path: '/api/v1/admin/unions/export' }) },
  'GET /api/v1/admin/unions/:id': {
    access: READERS,
    own: (w) => ({ path: `/api/v1/admin/unions/${w.hexi}` }),
    // The whole directory is the committee's; only an official's scope has an outside.
    other: (w, caller) => (caller === 'union_official' ? { path: `/api/v1/admin/unions/${w.nankai}` } : null),
    missing: () => ({ path: `/api/v1/admin/unions/${MISSING_ID}` }),
  },
  'POST /api/v1/admin/unions': {
    access: KEEPERS,
    own: (w) => ({ path: '/api/v1/admin/unions', body: { name: `权限测试工会${(unionSerial += 1)}`, kind: 'grassroots', parentId: w.hexi } }),
    ok: 201,
  },
  'PUT /api/v1/admin/unions/:id': {
    access: KEEPERS,
    own: (w) => ({ path: `/api/v1/admin/unions/${w.hexi}`, body: { name: '河西区总工会' } }),
    missing: () => ({ path: `/api/v1/admin/unions/${MISSING_ID}`, body: { name: '河西区总工会' } }),
  },
  // A JSON body where a spreadsheet belongs: allowed callers reach the handler and get 415.
  'POST /api/v1/admin/unions/import': { access: KEEPERS, own: () => ({ path: '/api/v1/admin/unions/import', body: {} }), ok: 415 },
  'GET /api/v1/admin/competitions': { access: KEEPERS, own: () => ({ path: '/api/v1/admin/competitions' }) },
  'GET /api/v1/admin/competitions/:id': {
    access: KEEPERS,
    own: (w) => ({ path: `/api/v1/admin/competitions/${w.compA}` }),
    other: (w, caller) => (caller === 'admin' ? null : { path: `/api/v1/admin/competitions/${w.compB}` }),
    missing: () => ({ path: `/api/v1/admin/competitions/${MISSING_ID}` }),
  },
  // An empty set-up: allowed callers reach validation (400); who may create is tested in competition-setup.
  'POST /api/v1/admin/competitions': { access: KEEPERS, own: () => ({ path: '/api/v1/admin/competitions', body: {} }), ok: 400 },
  'PUT /api/v1/admin/competitions/:id': {
    access: KEEPERS,
    own: (w) => ({ path: `/api/v1/admin/competitions/${w.compA}`, body: staleSetup }),
    other: (w, caller) => (caller === 'admin' ? null : { path: `/api/v1/admin/competitions/${w.compB}`, body: staleSetup }),
    missing: () => ({ path: `/api/v1/admin/competitions/${MISSING_ID}`, body: staleSetup }),
    ok: 409,
  },
  'POST /api/v1/roles/:id/revoke': {
    access: ['committee', 'admin'],
    own: async (w) => ({ path: `/api/v1/roles/${await grantFor(w.compA)}/revoke` }),
    other: async (w, caller) => (caller === 'admin' ? null : { path: `/api/v1/roles/${await grantFor(w.compB)}/revoke` }),
    missing: () => ({ path: `/api/v1/roles/${MISSING_ID}/revoke` }),
  },
  ...auditDeskCases('union'),
  ...auditDeskCases('committee'),
  ...announcementCases(),
  'GET /api/v1/me/registrations/:id/pass': {
    access: 'signed_in',
    own: async (w, caller) => ({ path: `/api/v1/me/registrations/${await registrationOf(w.people[caller].userId, { pass: true })}/pass` }),
    other: async () => ({ path: `/api/v1/me/registrations/${await registrationOf(new Types.ObjectId(), { pass: true })}/pass` }),
    missing: () => ({ path: `/api/v1/me/registrations/${MISSING_ID}/pass` }),
  },
  'GET /api/v1/venue/sessions': { access: OVERSEERS, own: () => ({ path: '/api/v1/venue/sessions' }) },
  // A forged token: allowed callers get the 200 answering `forged`.
  'POST /api/v1/venue/check-ins': venueSessionCase('POST', '/api/v1/venue/check-ins', forgedScan),
  'POST /api/v1/venue/check-ins/batch': venueSessionCase('POST', '/api/v1/venue/check-ins/batch', (sessionId) => ({ scans: [forgedScan(sessionId)] })),
  'GET /api/v1/venue/roster': venueSessionCase('GET', '/api/v1/venue/roster'),
  'GET /api/v1/venue/board': venueSessionCase('GET', '/api/v1/venue/board'),
  'GET /api/v1/venue/board/missing.xlsx': venueSessionCase('GET', '/api/v1/venue/board/missing.xlsx'),
  'GET /api/v1/venue/conflicts': venueSessionCase('GET', '/api/v1/venue/conflicts'),
  'GET /api/v1/admin/competitions/:id/sessions': competitionCase('/sessions'),
  'POST /api/v1/admin/competitions/:id/sessions': competitionCase('/sessions', { body: newSession, ok: 201 }),
  // A stale version: allowed callers in scope get 409, not a change.
  'PUT /api/v1/admin/competitions/:id/sessions/:code': competitionCase('/sessions/matrix', { body: () => staleSession, ok: 409 }),
  // No confirmed welding registration waits in the demo: allowed callers place nobody (200).
  'POST /api/v1/admin/competitions/:id/assignments': competitionCase('/assignments', { body: () => ({ tradeCode: 'welding', groupCode: 'worker' }) }),
  'POST /api/v1/admin/competitions/:id/registrations/:registrationId/placement': competitionCase(
    { own: async (w) => `/registrations/${await registrationOf(new Types.ObjectId(), { status: 'confirmed', competitionId: w.compA })}/placement`, missing: `/registrations/${MISSING_ID}/placement` },
    { body: () => ({ sessionCode: 'matrix' }) },
  ),
  'POST /api/v1/admin/competitions/:id/registrations/:registrationId/disqualify': competitionCase(
    { own: async (w) => `/registrations/${await registrationOf(new Types.ObjectId(), { status: 'confirmed', competitionId: w.compA })}/disqualify`, missing: `/registrations/${MISSING_ID}/disqualify` },
    { body: () => ({ reason: '不符合参赛资格', version: 0 }) },
  ),
  'GET /api/v1/admin/competitions/:id/passes': competitionCase('/passes'),
  'GET /api/v1/admin/competitions/:id/passes.xlsx': competitionCase('/passes.xlsx'),
  // A welding pass of the competition is printed.
  'GET /api/v1/admin/competitions/:id/passes.pdf': competitionCase({
    own: async (w) => {
      await registrationOf(new Types.ObjectId(), { competitionId: w.compA, pass: true });
      return '/passes.pdf?tradeCode=welding';
    },
    missing: '/passes.pdf?tradeCode=welding',
  }),
  // Nothing final, so no certificates: allowed callers in scope are told so (404).
  'GET /api/v1/admin/competitions/:id/certificates.pdf': competitionCase('/certificates.pdf?tradeCode=welding', { ok: 404 }),
  // A JSON body: allowed callers in scope are told to upload a sheet (415).
  'POST /api/v1/admin/competitions/:id/placements/import': competitionCase('/placements/import', { body: () => ({}), ok: 415 }),
  // A JSON body: allowed callers in scope are told to upload a sheet (415).
  'POST /api/v1/admin/competitions/:id/scores/import': competitionCase('/scores/import?tradeCode=welding', { body: () => ({}), ok: 415 }),
  'GET /api/v1/admin/competitions/:id/scores': competitionCase('/scores'),
  // A version no score has reached: allowed callers in scope are told it changed (409).
  'PUT /api/v1/admin/competitions/:id/scores/:passNumber': competitionCase(
    { own: async (w) => `/scores/${await passNumberOf(await registrationOf(new Types.ObjectId(), { competitionId: w.compA, pass: true }))}`, missing: '/scores/00000018' },
    { body: () => ({ absent: true, version: 7 }), ok: 409 },
  ),
  'GET /api/v1/admin/competitions/:id/scores/:passNumber/history': competitionCase({
    own: async (w) => `/scores/${await passNumberOf(await registrationOf(new Types.ObjectId(), { competitionId: w.compA, pass: true }))}/history`,
    missing: '/scores/00000018/history',
  }),
  // No scores in the demo: allowed callers in scope are told there is nothing to announce (409).
  'POST /api/v1/admin/competitions/:id/results/announcement': competitionCase('/results/announcement', { ok: 409 }),
  // Nothing announced yet: allowed callers in scope reach the 公示 and find none (404 RESULTS_NOT_FOUND).
  'GET /api/v1/admin/competitions/:id/results/announcement': competitionCase('/results/announcement', { ok: 404 }),
  'POST /api/v1/admin/competitions/:id/results/announcement/close': competitionCase('/results/announcement/close', { ok: 404 }),
  'GET /api/v1/admin/competitions/:id/results/objections': competitionCase('/results/objections'),
  'POST /api/v1/admin/competitions/:id/results/objections/:objectionId/answer': competitionCase(`/results/objections/${MISSING_ID}/answer`, {
    body: () => ({ answer: '经核实，成绩无误', version: 0 }),
    ok: 404,
  }),
  // Nothing announced yet: the exports find no results (404 RESULTS_NOT_FOUND).
  'GET /api/v1/admin/competitions/:id/results/sheet.xlsx': competitionCase('/results/sheet.xlsx', { ok: 404 }),
  'GET /api/v1/admin/competitions/:id/results/awards.xlsx': competitionCase('/results/awards.xlsx', { ok: 404 }),
  // Nothing announced: everyone, signed in or not, reaches the page and is told so (404).
  'GET /api/v1/public/competitions/:id/results': {
    access: 'public',
    own: (w) => ({ path: `/api/v1/public/competitions/${w.compA}/results` }),
    missing: () => ({ path: `/api/v1/public/competitions/${MISSING_ID}/results` }),
    ok: 404,
  },
  // Anyone signed in reaches the 公示; nothing is announced, so 404.
  'POST /api/v1/me/results/:competitionId/objections': {
    access: 'signed_in',
    own: (w) => ({ path: `/api/v1/me/results/${w.compA}/objections`, body: { registrationId: MISSING_ID, reason: '成绩有误', contact: '13800000000' } }),
    ok: 404,
  },
  // Anyone, signed in or not, checks a certificate; an unknown code is answered 200 (status unknown).
  'GET /api/v1/public/certificates/verify': {
    access: 'public',
    own: () => ({ path: '/api/v1/public/certificates/verify?code=00000-00000' }),
  },
};

let harness: TestHarness;
let world: World;
let grantsOf: Record<Caller, TestGrant[]>;

beforeAll(async () => {
  harness = await startHarness({ seed: true, wechatEmulator: true, env: { RATE_LIMIT_SIGNIN_PER_MINUTE: '100000', RATE_LIMIT_WRITES_PER_MINUTE: '100000' } });
  const hexi = (await UnionModel.findOne({ name: '河西区总工会' }).lean().orFail())._id.toHexString();
  const nankai = (await UnionModel.findOne({ name: '南开区总工会' }).lean().orFail())._id.toHexString();
  const compA = (await CompetitionModel.findOne({}).lean().orFail())._id.toHexString();
  const compB = await createOtherCompetition('matrix-b');
  grantsOf = {
    worker: [],
    union_official: [{ role: 'union_official', unionId: hexi }],
    committee: [{ role: 'committee', competitionId: compA }],
    venue_staff: [{ role: 'venue_staff', competitionId: compA, venue: 'main' }],
    admin: [{ role: 'admin' }],
  };
  const people = {} as Record<Caller, TestPerson>;
  for (const caller of CALLERS) people[caller] = await signInAs(grantsOf[caller]);
  const sessionA = await sessionOf(compA, 'matrix');
  const sessionB = await sessionOf(compB, 'matrix-b');
  world = { hexi, nankai, compA, compB, sessionA, sessionB, people };
});
afterAll(() => harness.stop());

function send(method: string, req: Req, person?: TestPerson) {
  const api = request(harness.app.callback());
  const call =
    method === 'GET'
      ? api.get(req.path)
      : method === 'PUT'
        ? api.put(req.path).send(req.body ?? {})
        : method === 'PATCH'
          ? api.patch(req.path).send(req.body ?? {})
          : api.post(req.path).send(req.body ?? {});
  if (req.headers) call.set(req.headers);
  return person ? call.set(person.auth) : call;
}

it('covers every API route', async () => {
  const deps = await buildDeps(harness.config, createLogger({ LOG_LEVEL: 'silent' }));
  // The public 公示 pages are mounted ahead of the API router (routes/api/results).
  const routes = [...apiRouter(deps).stack, ...publicResultsRouter().stack]
    .flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${layer.path}`))
    .sort();
  expect(routes).toEqual(Object.keys(CASES).sort());
});

describe.each(Object.entries(CASES))('%s', (key, route) => {
  const method = key.split(' ')[0]!;

  const callerFor = async (caller: Caller) => (route.endsSession ? signInAs(grantsOf[caller]) : world.people[caller]);

  it('without a session', async () => {
    const res = await send(method, await route.own(world, 'worker'));
    if (route.access === 'public') expect(res.status).not.toBe(401);
    else expect(res.status).toBe(401);
  });

  it.each(CALLERS)('as %s', async (caller) => {
    const person = await callerFor(caller);
    const allowed = route.access === 'public' || route.access === 'signed_in' || (caller !== 'worker' && route.access.includes(caller));
    const own = await send(method, await route.own(world, caller), person);
    if (!allowed) {
      expect(own.status).toBe(403);
      expect(own.body.code).toBe('FORBIDDEN');
      return;
    }
    expect(own.status).toBe(route.ok ?? 200);
    if (route.missing) {
      const missing = await send(method, route.missing(world), person);
      expect(missing.status).toBe(404);
      // Outside one's scope looks exactly like not existing (admins have no outside).
      const outside = route.other ? await route.other(world, caller) : null;
      if (outside) {
        const other = await send(method, outside, person);
        expect(other.status).toBe(404);
        expect(other.body.code).toBe(missing.body.code);
      }
    }
  });
});
