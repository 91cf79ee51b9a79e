import { Router } from '@koa/router';
import { z } from 'zod';
import {
  AppError,
  PASS_ROSTER_CONTENT_TYPE,
  TEAM_SHEET_MAX_BYTES,
  ZTeamCreateInput,
  ZTeamEntryConfirmInput,
  ZTeamEntryToken,
  ZTeamIdParams,
  ZTeamListQuery,
  ZTeamMemberInput,
  type TTeam,
  type TTeamEntryView,
  type TTeamMember,
  type TTeamSheetResult,
} from '@contest/shared';
import type { AppDeps, AppState } from '../../../context';
import { principalOf, requireRole, requireSignIn } from '../../../middleware/authenticate';
import { byUserOrIp, rateLimit } from '../../../middleware/rateLimit';
import { presentTeam, presentTeamEntryView, presentTeamMember } from '../../../presenters/team';
import {
  confirmEntry,
  confirmationCode,
  createTeam,
  enterMember,
  getTeam,
  importTeamSheet,
  listTeams,
  readEntryForConfirmation,
  readTeamSheet,
  teamSheetTemplate,
} from '../../../services/teamEntries';
import { readRawBody } from '../admin/unions/requestBody';

const ZTokenParams = z.object({ token: ZTeamEntryToken });
const ZTeamMemberParams = ZTeamIdParams.extend({ entryId: z.string().max(24) });

/**
 * Team entries: the union desk's teams (/audit/union/teams, union officials in their scope) and
 * the entered person's confirmation (/team-entries/:token, any signed-in account holding the link).
 */
export function teamsRouter({ clock, rateLimits, personalData, wechat }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const official = requireRole('union_official');
  const writes = rateLimit(rateLimits.writes, byUserOrIp);

  router.get('/audit/union/teams', official, async (ctx) => {
    const { competitionId } = ZTeamListQuery.parse(ctx.query);
    const now = clock();
    const items: TTeam[] = (await listTeams(principalOf(ctx), competitionId)).map((team) => presentTeam(personalData, team, now));
    ctx.body = { ok: true, data: { items } };
  });

  router.post('/audit/union/teams', writes, official, async (ctx) => {
    const input = ZTeamCreateInput.parse(ctx.request.body);
    const now = clock();
    const data: TTeam = presentTeam(personalData, await createTeam(personalData, principalOf(ctx), input, now), now);
    ctx.status = 201;
    ctx.body = { ok: true, data };
  });

  router.get('/audit/union/teams/sheet-template', official, async (ctx) => {
    const { competitionId } = ZTeamListQuery.parse(ctx.query);
    ctx.body = await teamSheetTemplate(principalOf(ctx), competitionId);
    ctx.type = PASS_ROSTER_CONTENT_TYPE;
    ctx.attachment('参赛队报名表模板.xlsx');
  });

  router.get('/audit/union/teams/:teamId', official, async (ctx) => {
    const { teamId } = ZTeamIdParams.parse(ctx.params);
    const data: TTeam = presentTeam(personalData, await getTeam(principalOf(ctx), teamId), clock());
    ctx.body = { ok: true, data };
  });

  router.post('/audit/union/teams/:teamId/members', writes, official, async (ctx) => {
    const { teamId } = ZTeamIdParams.parse(ctx.params);
    const member = ZTeamMemberInput.parse(ctx.request.body);
    const now = clock();
    const { entry, competition } = await enterMember(personalData, principalOf(ctx), teamId, member, now);
    const data: TTeamMember = presentTeamMember(personalData, entry, competition, now);
    ctx.status = 201;
    ctx.body = { ok: true, data };
  });

  /** A waiting member's confirmation as a mini-program code (PNG), to show them or send. */
  router.get('/audit/union/teams/:teamId/members/:entryId/code', official, async (ctx) => {
    const { teamId, entryId } = ZTeamMemberParams.parse(ctx.params);
    const { png, filename } = await confirmationCode(wechat, personalData, principalOf(ctx), teamId, entryId, clock());
    ctx.type = 'image/png';
    ctx.attachment(filename);
    ctx.body = png;
  });

  router.post('/audit/union/teams/:teamId/sheet', writes, official, async (ctx) => {
    const { teamId } = ZTeamIdParams.parse(ctx.params);
    const readSheet = async () => {
      if (!ctx.is(PASS_ROSTER_CONTENT_TYPE)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请上传 Excel（.xlsx）格式的报名表');
      return readTeamSheet(await readRawBody(ctx, TEAM_SHEET_MAX_BYTES, `报名表不能超过 ${TEAM_SHEET_MAX_BYTES / 1024 / 1024} MB`));
    };
    const now = clock();
    const { entered, team } = await importTeamSheet(personalData, principalOf(ctx), teamId, readSheet, now);
    const data: TTeamSheetResult = { entered, team: presentTeam(personalData, team, now) };
    ctx.body = { ok: true, data };
  });

  router.get('/team-entries/:token', requireSignIn(), async (ctx) => {
    const { token } = ZTokenParams.parse(ctx.params);
    const data: TTeamEntryView = presentTeamEntryView(await readEntryForConfirmation(personalData, principalOf(ctx), token), clock());
    ctx.body = { ok: true, data };
  });

  router.post('/team-entries/:token/confirm', writes, requireSignIn(), async (ctx) => {
    const { token } = ZTokenParams.parse(ctx.params);
    const input = ZTeamEntryConfirmInput.parse(ctx.request.body);
    const now = clock();
    const data: TTeamEntryView = presentTeamEntryView(await confirmEntry(personalData, principalOf(ctx), token, input, now), now);
    ctx.body = { ok: true, data };
  });

  return router;
}
