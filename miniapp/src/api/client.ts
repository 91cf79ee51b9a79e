import Taro from '@tarojs/taro'
import type { ZodType } from 'zod'
import {
  API_PREFIX,
  AppError,
  ZCompetitionDetailResponse,
  ZCompetitionListResponse,
  ZErrorEnvelope,
  type TCompetition,
  type TCompetitionSummary,
} from '@contest/shared'
import { ApiClientError } from './errors'

/**
 * The mini-program's one way to reach the BFF; the only module that calls `Taro.request`.
 * Every answer is checked against the shared contract before a page sees it.
 */

/** Compiled in by config/index.ts; `''` means the page's own origin (H5 served by the BFF). */
export const API_BASE: string = process.env.TARO_APP_API_BASE ?? ''

const TIMEOUT_MS = 15_000

type TOkEnvelope<T> = { ok: true; data: T }
type TRawBody = string | TaroGeneral.IAnyObject | ArrayBuffer

function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data
  try {
    return JSON.parse(data)
  } catch {
    return undefined
  }
}

async function getJson<T>(path: string, schema: ZodType<TOkEnvelope<T>>): Promise<T> {
  let response: Taro.request.SuccessCallbackResult<TRawBody>
  try {
    response = await Taro.request<TRawBody>({
      url: `${API_BASE}${API_PREFIX}${path}`,
      method: 'GET',
      header: { Accept: 'application/json' },
      // Parse ourselves: platforms differ in what they do with a body that is not JSON.
      dataType: 'text',
      responseType: 'text',
      timeout: TIMEOUT_MS,
    })
  } catch (cause) {
    throw new ApiClientError('NETWORK_FAILED', cause)
  }

  const body = parseBody(response.data)

  const failure = ZErrorEnvelope.safeParse(body)
  if (failure.success) {
    throw new AppError(failure.data.code, failure.data.message, failure.data.fields)
  }

  if (response.statusCode >= 500) throw new ApiClientError('SERVER_UNAVAILABLE')

  const parsed = schema.safeParse(body)
  const ok = response.statusCode >= 200 && response.statusCode < 300
  if (!ok || !parsed.success) {
    throw new ApiClientError('INVALID_RESPONSE', parsed.error)
  }
  return parsed.data.data
}

/** Competitions open for registration, as the BFF lists them. */
export async function listCompetitions(): Promise<TCompetitionSummary[]> {
  const data = await getJson('/competitions', ZCompetitionListResponse)
  return data.items
}

export function getCompetition(id: string): Promise<TCompetition> {
  return getJson(`/competitions/${encodeURIComponent(id)}`, ZCompetitionDetailResponse)
}
