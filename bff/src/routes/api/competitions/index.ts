import { Router } from '@koa/router';
import type { TCompetitionListData } from '@contest/shared';
import type { AppDeps, AppState } from '../../../context';
import type { CompetitionSetupRecord } from '../../../models/competition';
import { presentCompetition, presentCompetitionSummary } from '../../../presenters/competition';
import { findCompetition, listOpenCompetitions } from '../../../services/competitions';
import { findCompetitionByEntryKey } from '../../../services/posters';
import { unionNamesById } from '../../../services/scopeNames';
import { ZEntryKeyParams } from './schema';
import { ZIdParams } from '../../params';

export function competitionsRouter({ clock }: Pick<AppDeps, 'clock'>): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/competitions' });

  /** The detail with its quotas' unions named. */
  const presentDetail = async (competition: CompetitionSetupRecord) =>
    presentCompetition(competition, clock(), await unionNamesById((competition.quotas ?? []).map((quota) => quota.unionId)));

  router.get('/', async (ctx) => {
    const now = clock();
    const competitions = await listOpenCompetitions(now);
    const data: TCompetitionListData = { items: competitions.map((c) => presentCompetitionSummary(c, now)) };
    ctx.body = { ok: true, data };
  });

  /** A poster's QR carries the competition's short key; the entry page resolves it here. */
  router.get('/by-key/:key', async (ctx) => {
    const { key } = ZEntryKeyParams.parse(ctx.params);
    const competition = await findCompetitionByEntryKey(key);
    ctx.body = { ok: true, data: await presentDetail(competition) };
  });

  router.get('/:id', async (ctx) => {
    const { id } = ZIdParams.parse(ctx.params);
    const competition = await findCompetition(id);
    ctx.body = { ok: true, data: await presentDetail(competition) };
  });

  return router;
}
