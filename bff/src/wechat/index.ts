import { AccessTokenCache, type AccessTokenOptions } from './accessToken';
import { WeChatClient, type WeChatClientOptions } from './client';
import { DEFAULT_RETRY } from './retry';

export { AccessTokenCache, type AccessTokenOptions, type FetchedToken } from './accessToken';
export { SCENE_PATTERN, WeChatClient, type SubscribeMessage, type UnlimitedCodeRequest, type WeChatClientOptions, type WeChatSession } from './client';
export type { WeChatLogger } from './logger';
export { classifyErrcode, WeChatError, type WeChatCallOutcome, type WeChatErrorKind } from './errors';
export { backoffDelayMs, DEFAULT_RETRY, shouldRetryNow, type RetryOptions, type RetryPolicy } from './retry';

export interface WeChat {
  client: WeChatClient;
  tokens: AccessTokenCache;
}

export type WeChatSetup = WeChatClientOptions & {
  tokenCache?: Omit<AccessTokenOptions, 'appId' | 'fetchToken' | 'logger'>;
};

/**
 * The client with its shared token cache attached (call after mongoose is connected). The lease
 * outlasts the longest refresh: a normal and a forced fetch, each with every retry timing out.
 */
export function createWeChat(setup: WeChatSetup): WeChat {
  const { tokenCache, ...clientOptions } = setup;
  const client = new WeChatClient(clientOptions);
  const retry = { ...DEFAULT_RETRY, ...setup.retry };
  const oneFetchMs = retry.attempts * setup.timeoutMs + (retry.attempts - 1) * retry.maxDelayMs;
  const leaseMs = tokenCache?.leaseMs ?? 2 * oneFetchMs + 2_000;
  const tokens = new AccessTokenCache({
    waitMs: leaseMs + 5_000,
    ...tokenCache,
    leaseMs,
    appId: setup.appId,
    fetchToken: (forceRefresh) => client.fetchStableToken(forceRefresh),
    logger: setup.logger,
  });
  client.useTokenCache(tokens);
  return { client, tokens };
}
