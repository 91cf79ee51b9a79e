import { z } from 'zod';
import { chinaWallClock, type Instant } from './chinaTime';
import { MINIAPP_PAGES } from './miniappLinks';
import { REGISTRATION_TRANSITIONS, canTake, type TRegistrationStatus, type TRegistrationVerb } from './registration';

/**
 * What the product tells a worker, and how each event becomes a WeChat subscribe message: its
 * template (by key; the deployment maps keys to WeChat template ids), the template's keywords with
 * WeChat's value types, and the page the message opens. The BFF builds messages from this; the
 * mini-program asks for grants by the same template keys.
 */

export const NOTIFICATION_KINDS = [
  'union_approved',
  'union_rejected',
  'committee_confirmed',
  'committee_rejected',
  'announcement',
  'pass_issued',
  'committee_disqualified',
  'results_announced',
  'results_final',
] as const;
export const ZNotificationKind = z.enum(NOTIFICATION_KINDS);
export type TNotificationKind = z.infer<typeof ZNotificationKind>;

/** The templates the deployment applies for in the WeChat console (one per kind of message, not per event). */
export const NOTIFICATION_TEMPLATE_KEYS = ['audit_result', 'registration_confirmed', 'competition_notice', 'exam_arrangement'] as const;
export const ZNotificationTemplateKey = z.enum(NOTIFICATION_TEMPLATE_KEYS);
export type TNotificationTemplateKey = z.infer<typeof ZNotificationTemplateKey>;

/** The worker's answer per template to wx.requestSubscribeMessage. Only `accept` grants a send. */
export const ZSubscribeAnswer = z.enum(['accept', 'reject', 'ban', 'filter']);
export type TSubscribeAnswer = z.infer<typeof ZSubscribeAnswer>;

/** WeChat's value limits per keyword type, in characters (code points). */
export const KEYWORD_MAX_LENGTH = {
  thing: 20,
  phrase: 5,
  name: 10,
  character_string: 32,
  number: 32,
} as const;
/** `time` and `date` take fixed formats rather than a length: see formatKeywordTime. */
export type TKeywordType = keyof typeof KEYWORD_MAX_LENGTH | 'time' | 'date';

/** The values an event carries (kept in the outbox and the notification as plain strings). */
export interface NotificationValues {
  /** The competition's name. */
  competition: string;
  /** Registration events: the trade (工种) and the registered person's name. */
  trade?: string;
  person?: string;
  /** Who decided (河西区总工会, 大赛组委会), or the rejection's reason. */
  note?: string;
  /** Announcements: the notice's title and text. */
  title?: string;
  body?: string;
  /** Pass events (issued or re-issued): the pass number, where (venue and station), when the session starts (ISO 8601). */
  passNumber?: string;
  place?: string;
  startsAt?: string;
  /** When it happened, ISO 8601. */
  at: string;
}

type ValueName = keyof NotificationValues;

interface KeywordSpec {
  /** WeChat's data key, e.g. `thing1`: the type and its position in the template. */
  keyword: string;
  type: TKeywordType;
  /** The template's label, as applied for in the console. */
  label: string;
  /** Where the value comes from: a value of the event, or fixed text. */
  from: ValueName | { text: string };
}

interface TemplateSpec {
  keywords: KeywordSpec[];
}

export const NOTIFICATION_TEMPLATES: Record<TNotificationTemplateKey, TemplateSpec> = {
  audit_result: {
    keywords: [
      { keyword: 'thing1', type: 'thing', label: '比赛名称', from: 'competition' },
      { keyword: 'thing2', type: 'thing', label: '报名工种', from: 'trade' },
      { keyword: 'name3', type: 'name', label: '参赛人', from: 'person' },
      { keyword: 'phrase4', type: 'phrase', label: '审核结果', from: { text: '' } },
      { keyword: 'thing5', type: 'thing', label: '说明', from: 'note' },
      { keyword: 'time6', type: 'time', label: '审核时间', from: 'at' },
    ],
  },
  registration_confirmed: {
    keywords: [
      { keyword: 'thing1', type: 'thing', label: '比赛名称', from: 'competition' },
      { keyword: 'thing2', type: 'thing', label: '报名工种', from: 'trade' },
      { keyword: 'name3', type: 'name', label: '参赛人', from: 'person' },
      { keyword: 'phrase4', type: 'phrase', label: '报名结果', from: { text: '' } },
      { keyword: 'time5', type: 'time', label: '确认时间', from: 'at' },
    ],
  },
  competition_notice: {
    keywords: [
      { keyword: 'thing1', type: 'thing', label: '通知标题', from: 'title' },
      { keyword: 'thing2', type: 'thing', label: '通知内容', from: 'body' },
      { keyword: 'thing3', type: 'thing', label: '比赛名称', from: 'competition' },
      { keyword: 'time4', type: 'time', label: '发布时间', from: 'at' },
    ],
  },
  exam_arrangement: {
    keywords: [
      { keyword: 'thing1', type: 'thing', label: '比赛名称', from: 'competition' },
      { keyword: 'thing2', type: 'thing', label: '报名工种', from: 'trade' },
      { keyword: 'character_string3', type: 'character_string', label: '准考证号', from: 'passNumber' },
      { keyword: 'time4', type: 'time', label: '比赛时间', from: 'startsAt' },
      { keyword: 'thing5', type: 'thing', label: '比赛地点', from: 'place' },
    ],
  },
};

/** The pages a notification opens, by what it is about. */
const NOTIFICATION_PAGES = {
  registration: MINIAPP_PAGES.registrationDetail,
  pass: MINIAPP_PAGES.registrationPass,
  announcement: MINIAPP_PAGES.announcement,
} as const;

interface EventSpec {
  templateKey: TNotificationTemplateKey;
  /** The `phrase` the template shows for this event (审核结果 / 报名结果). */
  result: string | null;
  /** The page the message opens: a registration's detail, its pass, or the announcement itself. */
  page: keyof typeof NOTIFICATION_PAGES;
}

export const NOTIFICATION_EVENTS: Record<TNotificationKind, EventSpec> = {
  union_approved: { templateKey: 'audit_result', result: '初审通过', page: 'registration' },
  union_rejected: { templateKey: 'audit_result', result: '未通过', page: 'registration' },
  committee_confirmed: { templateKey: 'registration_confirmed', result: '报名成功', page: 'registration' },
  committee_rejected: { templateKey: 'audit_result', result: '未通过', page: 'registration' },
  announcement: { templateKey: 'competition_notice', result: null, page: 'announcement' },
  pass_issued: { templateKey: 'exam_arrangement', result: null, page: 'pass' },
  /** A confirmed registration disqualified by the committee (its pass revoked): an audit result with the reason. */
  committee_disqualified: { templateKey: 'audit_result', result: '取消资格', page: 'registration' },
  /** 成绩公示 opened / results final: the competition notice template (title, the worker's standing, the competition, when), opening the registration with its score. */
  results_announced: { templateKey: 'competition_notice', result: null, page: 'registration' },
  results_final: { templateKey: 'competition_notice', result: null, page: 'registration' },
};

/** What a keyword shows when its value is empty: WeChat refuses empty values (47003). */
const EMPTY_VALUE = '无';
const ELLIPSIS = '…';

/** `value`'s code points, a lone surrogate (which WeChat cannot show) read as U+FFFD. */
function codePoints(value: string): string[] {
  // Array.from splits by code points but keeps lone surrogates; the mini-program's engines lack toWellFormed.
  return Array.from(value, (c) => (c.length === 1 && c >= '\uD800' && c <= '\uDFFF' ? '\uFFFD' : c));
}

/**
 * `value` within `max` characters, counted and cut by code points so a character outside the BMP
 * (an emoji, a rare 汉字 in a name) is never split; a lone surrogate becomes U+FFFD. A cut value ends in … when there is room for it. A value within the limit comes
 * back unchanged.
 */
export function truncateKeywordValue(value: string, max: number): string {
  const characters = codePoints(value);
  if (characters.length <= max) return characters.join('');
  if (max < 2) return characters.slice(0, Math.max(0, max)).join('');
  return characters.slice(0, max - 1).join('') + ELLIPSIS;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** WeChat's `time` format in China time, e.g. `2026年12月3日 09:30`; `date` drops the clock. */
export function formatKeywordTime(instant: Instant, type: 'time' | 'date'): string {
  const d = chinaWallClock(instant);
  if (!d) return EMPTY_VALUE;
  const date = `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
  return type === 'date' ? date : `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

function keywordValue(spec: KeywordSpec, raw: string): string {
  if (spec.type === 'time' || spec.type === 'date') return formatKeywordTime(raw, spec.type);
  const value = truncateKeywordValue(raw.trim(), KEYWORD_MAX_LENGTH[spec.type]);
  return value === '' ? EMPTY_VALUE : value;
}

/** The `data` of WeChat's subscribeMessage.send for an event, every value within its keyword's limit. */
export function subscribeMessageData(kind: TNotificationKind, values: NotificationValues): Record<string, { value: string }> {
  const event = NOTIFICATION_EVENTS[kind];
  const data: Record<string, { value: string }> = {};
  for (const spec of NOTIFICATION_TEMPLATES[event.templateKey].keywords) {
    const raw = typeof spec.from === 'string' ? (values[spec.from] ?? '') : (event.result ?? spec.from.text);
    data[spec.keyword] = { value: keywordValue(spec, raw) };
  }
  return data;
}

/** The mini-program page (with query) a message opens; `subjectId` is the registration's id, or the announcement's. */
export function notificationPage(kind: TNotificationKind, subjectId: string | null): string {
  if (!subjectId) return MINIAPP_PAGES.mine;
  return `${NOTIFICATION_PAGES[NOTIFICATION_EVENTS[kind].page]}?id=${subjectId}`;
}

/** The notification each decision on a registration sends (the verbs of the BFF's registrationLifecycle.ts). */
export const DECISION_NOTIFICATIONS = {
  union_approve: 'union_approved',
  union_reject: 'union_rejected',
  committee_confirm: 'committee_confirmed',
  committee_reject: 'committee_rejected',
  committee_disqualify: 'committee_disqualified',
} as const satisfies Partial<Record<TRegistrationVerb, TNotificationKind>>;

/** wx.requestSubscribeMessage takes at most this many templates at once. */
export const MAX_TEMPLATES_PER_SUBSCRIBE_REQUEST = 3;

/**
 * Notifications a registration may get while it stays in a status (not decisions): a confirmed
 * one is placed in a session (and may be moved), each time with its pass.
 */
export const NOTIFICATIONS_WHILE_IN_STATUS: Partial<Record<TRegistrationStatus, readonly TNotificationKind[]>> = {
  confirmed: ['pass_issued'],
};

/**
 * The templates worth a grant for registrations in `statuses`, nearest first: those of every
 * decision still possible from one of them (following the transition table: from 待工会审核 the
 * union's result, then the committee's confirmation or rejection, once confirmed a disqualification)
 * and of what a status brings while it lasts (a confirmed registration's pass, 考场安排), ranked by
 * how many decisions come before them; then announcements, for any registration not withdrawn (they
 * may come at any time, but are about nobody's own registration, and stay readable in 消息). A
 * worker's own steps send nothing, so a union rejection leaves announcements only until the worker
 * resubmits (that tap asks again). Only templates in `available` (those the deployment has ids
 * for), at most 3 (one wx.requestSubscribeMessage); the taps to come ask again for what is cut.
 */
export function subscribeTemplatesAhead(
  statuses: readonly TRegistrationStatus[],
  available: readonly TNotificationTemplateKey[] = NOTIFICATION_TEMPLATE_KEYS,
): TNotificationTemplateKey[] {
  /** Per template, the fewest steps before its message may be sent (1: the next step). */
  const rank = new Map<TNotificationTemplateKey, number>();
  const offer = (kind: TNotificationKind, steps: number) => {
    const key = NOTIFICATION_EVENTS[kind].templateKey;
    rank.set(key, Math.min(rank.get(key) ?? Infinity, steps));
  };
  // Breadth first, so each status is reached by its fewest decisions.
  const stepsTo = new Map<TRegistrationStatus, number>(statuses.filter((s) => s !== 'withdrawn').map((s) => [s, 0]));
  const queue = [...stepsTo.keys()];
  for (let status = queue.shift(); status !== undefined; status = queue.shift()) {
    const steps = stepsTo.get(status) ?? 0;
    for (const kind of NOTIFICATIONS_WHILE_IN_STATUS[status] ?? []) offer(kind, steps + 1);
    for (const [verb, kind] of Object.entries(DECISION_NOTIFICATIONS) as [keyof typeof DECISION_NOTIFICATIONS, TNotificationKind][]) {
      if (!canTake(verb, status)) continue;
      offer(kind, steps + 1);
      const next = REGISTRATION_TRANSITIONS[verb].to;
      if (!stepsTo.has(next)) {
        stepsTo.set(next, steps + 1);
        queue.push(next);
      }
    }
  }
  const ranked = NOTIFICATION_TEMPLATE_KEYS.filter((key) => rank.has(key)).sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
  const ahead = stepsTo.size > 0 ? [...ranked, NOTIFICATION_EVENTS.announcement.templateKey] : ranked;
  return ahead.filter((key) => available.includes(key)).slice(0, MAX_TEMPLATES_PER_SUBSCRIBE_REQUEST);
}

/** What the mini-program reports after wx.requestSubscribeMessage: WeChat's answer per template id (at most 3 at once). */
export const ZGrantAnswers = z
  .array(z.object({ templateId: z.string().min(1).max(64), answer: ZSubscribeAnswer }))
  .min(1)
  .max(MAX_TEMPLATES_PER_SUBSCRIBE_REQUEST);
export type TGrantAnswers = z.infer<typeof ZGrantAnswers>;
