import { Router } from '@koa/router';
import { API_PREFIX } from '@contest/shared';
import type { AppDeps, AppState } from '../../context';
import { adminRouter } from './admin';
import { announcementsRouter } from './announcements';
import { auditRouter } from './audit';
import { authRouter } from './auth';
import { certificatesRouter } from './certificates';
import { competitionsRouter } from './competitions';
import { devRouter } from './dev';
import { evidenceRouter } from './evidence';
import { invitationsRouter } from './invitations';
import { meRouter } from './me';
import { notificationsRouter } from './notifications';
import { passesRouter } from './passes';
import { registrationsRouter } from './registrations';
import { resultsRouter } from './results';
import { rolesRouter } from './roles';
import { teamsRouter } from './teams';
import { unionsRouter } from './unions';
import { venueRouter } from './venue';

export function apiRouter(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: API_PREFIX });
  const children = [
    competitionsRouter(deps),
    authRouter(deps),
    meRouter(deps),
    notificationsRouter(deps),
    invitationsRouter(deps),
    rolesRouter(deps),
    unionsRouter(deps),
    registrationsRouter(deps),
    adminRouter(deps),
    auditRouter(deps),
    teamsRouter(deps),
    announcementsRouter(deps),
    passesRouter(deps),
    venueRouter(deps),
    resultsRouter(deps),
    certificatesRouter(deps),
    evidenceRouter(deps),
  ];
  if (deps.config.DEV_LOGIN_ENABLED) children.push(devRouter(deps));
  for (const child of children) router.use(child.routes(), child.allowedMethods());
  return router;
}
