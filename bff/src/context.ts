import type { ParameterizedContext } from 'koa';
import type { RouterContext } from '@koa/router';
import type { Config } from './config';
import type { Logger } from './logger';

/** What every request can reach through `ctx.state`. */
export interface AppState {
  requestId: string;
  log: Logger;
}

/** Process-wide dependencies, built once and handed to createApp. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  /** Injected so tests can freeze time. */
  clock: () => Date;
}

export type AppContext = ParameterizedContext<AppState>;
export type AppRouterContext = RouterContext<AppState>;
