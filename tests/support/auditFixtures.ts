/**
 * Registrations waiting to be audited, and the people who audit them, for the audit page tests
 * (the weapp build under miniprogram-simulate, the H5 build in Chromium). Runs next to a test BFF
 * in the same process (it writes people straight to the database, as ./auth does) and submits
 * registrations over HTTP, as workers do.
 */
import { Types } from 'mongoose';
import { PRIVACY_NOTICE_VERSION, type TRegistrationSubmitInput } from '@contest/shared';
import { DEMO_COMPETITION, DEMO_UNIONS, demoUnionCode } from '@contest/bff/src/seed/demoData';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { RoleGrantModel } from '@contest/bff/src/models/roleGrant';
import { UnionModel } from '@contest/bff/src/models/union';
import { UserModel } from '@contest/bff/src/models/user';
import { signInAs, type TestGrant, type TestPerson } from './auth';
import { newIdempotencyKey, registrationInput, validNationalId } from './registration';

const hexi = DEMO_UNIONS.children?.find((union) => union.name === '河西区总工会');
if (!hexi?.children?.[0]) throw new Error('the demo has no 河西区总工会 with a union below it');
export const HEXI_CODE = demoUnionCode(hexi);
/** 河西区友谊路街道总工会, below 河西区总工会. */
export const YOUYI_CODE = demoUnionCode(hexi.children[0]);
/** 和平区总工会, another district. */
export const HEPING_CODE = demoUnionCode(DEMO_UNIONS.children!.find((union) => union.name === '和平区总工会')!);

export async function demoCompetitionId(): Promise<string> {
  const competition = await CompetitionModel.findOne({ slug: DEMO_COMPETITION.slug }, { _id: 1 }).lean().orFail().exec();
  return competition._id.toHexString();
}

export async function unionIdByName(name: string): Promise<Types.ObjectId> {
  return (await UnionModel.findOne({ name }, { _id: 1 }).lean().orFail().exec())._id;
}

async function loginCode(wechatBaseUrl: string, user: string): Promise<{ code: string; openid: string }> {
  const res = await fetch(new URL('/__control/login-code', wechatBaseUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user }),
  });
  if (!res.ok) throw new Error(`the WeChat emulator answered ${res.status} for a login code`);
  return (await res.json()) as { code: string; openid: string };
}

/**
 * A session for the WeChat emulator's test user `user`, opened through the BFF as the app does
 * (POST /auth/wechat with a login code), with the privacy notice accepted: the same account the
 * H5 development sign-in opens for that name.
 */
export async function signInWeChatUser(baseUrl: string, wechatBaseUrl: string, user: string): Promise<Pick<TestPerson, 'token' | 'auth'>> {
  const { code } = await loginCode(wechatBaseUrl, user);
  const res = await fetch(`${baseUrl}/api/v1/auth/wechat`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });
  const body = (await res.json()) as { data?: { token: string } };
  if (!res.ok || !body.data) throw new Error(`sign-in refused (${res.status})`);
  const auth = { Authorization: `Bearer ${body.data.token}` };
  const consent = await fetch(`${baseUrl}/api/v1/me/privacy-consent`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ version: PRIVACY_NOTICE_VERSION }),
  });
  if (!consent.ok) throw new Error(`privacy consent refused (${consent.status})`);
  return { token: body.data.token, auth };
}

/**
 * Gives the WeChat emulator's test user `user` the `grants`: the openid its wx.login (or the H5
 * development sign-in) will bring is asked from the emulator, and the account is made ready for it.
 */
export async function grantToWeChatUser(wechatBaseUrl: string, user: string, grants: TestGrant[], options: { privacyAccepted?: boolean } = {}): Promise<void> {
  const { openid } = await loginCode(wechatBaseUrl, user);
  const now = new Date();
  const account = await UserModel.findOneAndUpdate(
    { openid },
    {
      $setOnInsert: { openid, lastSignInAt: now },
      ...(options.privacyAccepted ? { $set: { privacyAcceptedVersion: PRIVACY_NOTICE_VERSION, privacyAcceptedAt: now } } : {}),
    },
    { upsert: true, returnDocument: 'after' },
  )
    .lean()
    .orFail()
    .exec();
  for (const grant of grants) {
    await RoleGrantModel.create({
      userId: account._id,
      role: grant.role,
      unionId: grant.unionId ? new Types.ObjectId(String(grant.unionId)) : null,
      competitionId: grant.competitionId ? new Types.ObjectId(String(grant.competitionId)) : null,
      venue: grant.venue ?? null,
    });
  }
}

/** Submits a registration as `person` (POST /registrations, as the form does); answers its id. */
export async function submitRegistration(baseUrl: string, person: Pick<TestPerson, 'auth'>, input: TRegistrationSubmitInput): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/registrations`, {
    method: 'POST',
    headers: { ...person.auth, 'Content-Type': 'application/json', 'Idempotency-Key': newIdempotencyKey() },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { ok: boolean; data?: { id: string }; message?: string };
  if (res.status !== 201 || !body.data) throw new Error(`registration refused (${res.status}): ${body.message ?? ''}`);
  return body.data.id;
}

/**
 * Approves a submitted registration at `desk` (union or committee) as the WeChat test user
 * `user` holding that desk's role, over HTTP as the desk does, on the version stored now.
 */
export async function approveAtDesk(baseUrl: string, wechatBaseUrl: string, registrationId: string, desk: 'union' | 'committee', user: string): Promise<void> {
  const person = await signInWeChatUser(baseUrl, wechatBaseUrl, user);
  const { version } = await RegistrationModel.findById(registrationId).lean().orFail().exec();
  const res = await fetch(`${baseUrl}/api/v1/audit/${desk}/registrations/${registrationId}/decision`, {
    method: 'POST',
    headers: { ...person.auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ decision: 'approve', version }),
  });
  if (res.status !== 200) throw new Error(`${desk} decision refused (${res.status}): ${await res.text()}`);
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇'];

/** A name of two characters, distinct for i < 100: 王伟, 李伟, … 王芳, … */
export function workerName(i: number): string {
  return `${SURNAMES[i % 10]}${GIVEN[Math.floor(i / 10) % 10]}`;
}

/**
 * `count` workers of 河西区 (every third of 友谊路街道, below it) each registering once for the demo
 * competition, spread over its trades, all 职工组; answers the ids in the order submitted.
 */
export async function seedRegistrations(baseUrl: string, competitionId: string, count: number, firstIndex = 0): Promise<string[]> {
  const trades = DEMO_COMPETITION.trades.map((trade) => trade.code);
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const i = firstIndex + n;
    const worker = await signInAs([], { privacyAccepted: true });
    const birth = `${1980 + (i % 20)}0${1 + (i % 9)}1${i % 10}`;
    ids.push(
      await submitRegistration(
        baseUrl,
        worker,
        registrationInput(competitionId, {
          name: workerName(i),
          nationalId: validNationalId(birth, 100 + i),
          unionCode: i % 3 === 2 ? YOUYI_CODE : HEXI_CODE,
          tradeCode: trades[i % trades.length],
          groupCode: 'worker',
        }),
      ),
    );
  }
  return ids;
}
