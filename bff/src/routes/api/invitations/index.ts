import { Router } from '@koa/router';
import { ZInvitationAcceptInput, ZInvitationCreateInput, type TCreatedInvitation } from '@contest/shared';
import type { AppDeps, AppState } from '../../../context';
import { principalOf, requireRole, requireSignIn } from '../../../middleware/authenticate';
import { byIp, byUserOrIp, rateLimit } from '../../../middleware/rateLimit';
import { presentInvitation, presentRoleGrant } from '../../../presenters/auth';
import {
  acceptInvitation,
  findInvitationByCode,
  issueInvitation,
  listInvitations,
  revokeInvitation,
} from '../../../services/invitations';
import { loadScopeNames } from '../../../services/scopeNames';
import { ZIdParams } from '../../params';


export function invitationsRouter({ clock, rateLimits, wechat }: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/invitations' });
  const writes = rateLimit(rateLimits.writes, byUserOrIp);

  router.post('/', writes, requireRole('committee', 'admin'), async (ctx) => {
    const input = ZInvitationCreateInput.parse(ctx.request.body);
    const now = clock();
    const { invitation, code, qrPng } = await issueInvitation({ wechat, log: ctx.state.log }, principalOf(ctx), input, now);
    const data: TCreatedInvitation = {
      ...presentInvitation(invitation, await loadScopeNames([invitation]), now),
      code,
      qrImage: qrPng ? `data:image/png;base64,${qrPng.toString('base64')}` : null,
    };
    ctx.status = 201;
    ctx.body = { ok: true, data };
  });

  router.get('/', requireRole('committee', 'admin'), async (ctx) => {
    const invitations = await listInvitations(principalOf(ctx));
    const names = await loadScopeNames(invitations);
    const now = clock();
    ctx.body = { ok: true, data: { items: invitations.map((i) => presentInvitation(i, names, now)) } };
  });

  router.post('/:id/revoke', writes, requireRole('committee', 'admin'), async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const now = clock();
    const invitation = await revokeInvitation(principalOf(ctx), id, now);
    ctx.body = { ok: true, data: presentInvitation(invitation, await loadScopeNames([invitation]), now) };
  });

  /**
   * What the invitation offers, shown before accepting. The code travels in the body, never in the
   * URL, so it reaches no access log. Limited per address: codes are short.
   */
  router.post('/preview', rateLimit(rateLimits.lookups, byIp), requireSignIn(), async (ctx) => {
    const { code } = ZInvitationAcceptInput.parse(ctx.request.body);
    const now = clock();
    const invitation = await findInvitationByCode(code, now);
    ctx.body = { ok: true, data: presentInvitation(invitation, await loadScopeNames([invitation]), now) };
  });

  router.post('/accept', rateLimit(rateLimits.lookups, byIp), requireSignIn(), async (ctx) => {
    const input = ZInvitationAcceptInput.parse(ctx.request.body);
    const grant = await acceptInvitation(principalOf(ctx), input.code, clock());
    ctx.body = { ok: true, data: presentRoleGrant(grant, await loadScopeNames([grant])) };
  });

  return router;
}
