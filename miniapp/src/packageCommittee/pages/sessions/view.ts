import {
  AppError,
  ZVenueSessionInput,
  type TAssignmentResult,
  type TCommitteePass,
  type TCompetitionSetupView,
  type TGroupCode,
  type TSessionHost,
  type TVenueSessionInput,
  type TVenueSessionView,
} from '@contest/shared'

/** The session form as typed: numbers stay text until saved. */
export type TSessionForm = {
  code: string
  venueCode: string
  name: string
  date: string
  startTime: string
  endTime: string
  capacity: string
  stationPrefix: string
  /** `tradeCode|groupCode` of each hosted trade × group. */
  hosts: string[]
  instructions: string
}

export type TSessionField = keyof TSessionForm
export type TSessionErrors = Partial<Record<TSessionField, string>>

export function emptySessionForm(competition: TCompetitionSetupView): TSessionForm {
  return {
    code: '',
    venueCode: competition.venues[0]?.code ?? '',
    name: '',
    date: '',
    startTime: '09:00',
    endTime: '12:00',
    capacity: '',
    stationPrefix: 'A',
    hosts: [],
    instructions: '请携带身份证和准考证，提前 30 分钟到场',
  }
}

export const hostKey = (host: TSessionHost) => `${host.tradeCode}|${host.groupCode}`

export function formOfSession(session: TVenueSessionView): TSessionForm {
  return {
    code: session.code,
    venueCode: session.venue.code,
    name: session.name,
    date: session.date,
    startTime: session.startTime,
    endTime: session.endTime,
    capacity: String(session.capacity),
    stationPrefix: session.stationPrefix,
    hosts: session.hosts.map(hostKey),
    instructions: session.instructions,
  }
}

/** Every trade × group the competition has, as a session may host it and assignment runs on it. */
export function hostChoices(competition: TCompetitionSetupView): { key: string; host: TSessionHost; label: string }[] {
  const groupName = (code: TGroupCode) => competition.groups.find((g) => g.code === code)?.name ?? code
  return competition.trades.flatMap((trade) =>
    trade.groups.map((groupCode) => ({ key: `${trade.code}|${groupCode}`, host: { tradeCode: trade.code, groupCode }, label: `${trade.name}（${groupName(groupCode)}）` })),
  )
}

const FIELDS: readonly TSessionField[] = ['code', 'venueCode', 'name', 'date', 'startTime', 'endTime', 'capacity', 'stationPrefix', 'hosts', 'instructions']

/** The field a problem's path names (`session.hosts.0.tradeCode` → hosts), if it is one of the form's. */
function fieldOf(path: readonly PropertyKey[]): TSessionField | null {
  const parts = path.map(String)
  const name = parts[0] === 'session' ? parts[1] : parts[0]
  return FIELDS.find((field) => field === name) ?? null
}

function toErrors(problems: readonly { path: readonly PropertyKey[]; message: string }[]): TSessionErrors {
  const errors: TSessionErrors = {}
  for (const problem of problems) {
    const field = fieldOf(problem.path)
    if (field && !errors[field]) errors[field] = problem.message
  }
  return errors
}

/** The form as the shared schema takes it, or what to fix, field by field (the BFF checks the same). */
export function toSessionInput(form: TSessionForm): { ok: true; input: TVenueSessionInput } | { ok: false; errors: TSessionErrors } {
  const input = {
    ...form,
    capacity: form.capacity.trim() === '' ? Number.NaN : Number(form.capacity),
    hosts: form.hosts.map((key) => {
      const [tradeCode = '', groupCode = ''] = key.split('|')
      return { tradeCode, groupCode: groupCode as TGroupCode }
    }),
  }
  const parsed = ZVenueSessionInput.safeParse(input)
  if (!parsed.success) return { ok: false, errors: toErrors(parsed.error.issues) }
  return { ok: true, input }
}

/** The BFF's refusal of a save, by field where it names them (SESSION_CODE_TAKEN, SESSION_CHANGE_REFUSED …). */
export function saveErrors(error: AppError): TSessionErrors {
  return toErrors((error.fields ?? []).map((f) => ({ path: f.path.split('.'), message: f.message })))
}

export type TSessionRow = { id: string; code: string; title: string; when: string; capacity: string; hosts: string; session: TVenueSessionView }

/** The sessions by venue (the competition's venue order), each soonest first. */
export function sessionsByVenue(competition: TCompetitionSetupView, sessions: TVenueSessionView[]): { venue: string; rows: TSessionRow[] }[] {
  const venueCodes = [...competition.venues.map((v) => v.code), ...sessions.map((s) => s.venue.code)].filter((code, i, all) => all.indexOf(code) === i)
  return venueCodes
    .map((code) => ({
      venue: competition.venues.find((v) => v.code === code)?.name ?? sessions.find((s) => s.venue.code === code)?.venue.name ?? code,
      rows: sessions
        .filter((s) => s.venue.code === code)
        .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
        .map((s) => ({
          id: s.id,
          code: s.code,
          title: `${s.name || s.code}（${s.code}）`,
          when: `${s.date} ${s.startTime}–${s.endTime}`,
          capacity: `考位 ${s.capacity} 个（${s.stationPrefix}-001 起），已安排 ${s.placed} 人`,
          hosts: s.hosts.map((h) => `${h.tradeName}${h.groupName}`).join('、'),
          session: s,
        })),
    }))
    .filter((group) => group.rows.length > 0)
}

/** 已安排 3 人（另有 1 人此前已安排）：main-am 3 人，余 7 个考位 */
export function assignmentText(result: TAssignmentResult): string {
  const before = result.alreadyPlaced > 0 ? `（另有 ${result.alreadyPlaced} 人此前已安排）` : ''
  const sessions = result.sessions.map((s) => `${s.code} ${s.assigned} 人，余 ${s.free} 个考位`).join('；')
  if (result.assigned === 0) return `没有待安排的考生${before}`
  return `已安排 ${result.assigned} 人${before}：${sessions}`
}

/** A pass as the move form lists it. */
export function passLine(pass: TCommitteePass): { title: string; sub: string } {
  return {
    title: `${pass.name} · 准考证号 ${pass.passNumber}`,
    sub: `${pass.trade.name}（${pass.group.name}）· ${pass.venue.name} ${pass.session.name || pass.session.code} · ${pass.station} · ${pass.union.name}`,
  }
}
