import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import Taro from '@tarojs/taro'
import { Button, Input, Picker, Text, View } from '@tarojs/components'
import { AppError, COMPETITION_GROUPS, type TCompetitionSetupView, type TGroupCode } from '@contest/shared'
import { createCompetition, getSetupCompetition, getUnion, updateCompetition } from '../../../api/admin'
import { errorMessage } from '../../../api/errors'
import PageStatus from '../../../components/PageStatus'
import { toFailure, type TPageData } from '../../../loading/usePageData'
import UnionSearch from './UnionSearch'
import {
  addAgeRange,
  addHonour,
  addTrade,
  addUnion,
  addVenue,
  chinaToday,
  datePart,
  emptyForm,
  errorCount,
  fillQuotas,
  formFromSetup,
  PUBLICATION_OPTIONS,
  quotaTables,
  removeTrade,
  removeUnion,
  serverErrors,
  timePart,
  toggleGroup,
  toggleTradeGroup,
  toSetupInput,
  withDate,
  withoutError,
  withTime,
  type TAgeRow,
  type TSetupErrors,
  type TSetupForm,
  type TTradeRow,
  type TVenueRow,
} from './form'

export type Props = {
  /** null: a new competition. */
  competitionId: string | null
  onClose: () => void
  /** After a save: the competition as stored (a new one now has its id). */
  onSaved: (saved: TCompetitionSetupView) => void
}

const NO_ERRORS: TSetupErrors = { byKey: {}, general: [] }
export const CONFLICT_MESSAGE = '赛事设置已被他人修改，已为您载入最新内容。您刚才的修改没有保存，请重新修改后保存。'
const UNION_LOOKUPS_AT_ONCE = 6

type TUnionNames = Map<string, { name: string; code: string }>

/** Names and codes of the participating unions, a few look-ups at a time; unknown ids are left out. */
async function unionNames(ids: readonly string[]): Promise<TUnionNames> {
  const names: TUnionNames = new Map()
  for (let start = 0; start < ids.length; start += UNION_LOOKUPS_AT_ONCE) {
    await Promise.all(
      ids.slice(start, start + UNION_LOOKUPS_AT_ONCE).map(async (id) => {
        try {
          const union = await getUnion(id)
          names.set(id, { name: union.name, code: union.code })
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'UNION_NOT_FOUND')) throw error
        }
      }),
    )
  }
  return names
}

type TEditing = { version: number; form: TSetupForm }

async function loadSetup(id: string): Promise<TEditing> {
  const setup = await getSetupCompetition(id)
  return { version: setup.version, form: formFromSetup(setup, await unionNames(setup.participatingUnionIds)) }
}

function FieldError({ message }: { message?: string }) {
  return message ? <View className="committee__error">{message}</View> : null
}

function Chip({ on, label, onClick, className = '' }: { on: boolean; label: string; onClick: () => void; className?: string }) {
  return (
    <Text className={`committee__chip${on ? ' committee__chip--on' : ''} ${className}`} onClick={onClick}>
      {label}
    </Text>
  )
}

/** A yes/no setting drawn as a switch (Taro's Switch would add a template to the main package). */
function Toggle({ on, label, hint, onChange }: { on: boolean; label: string; hint: string; onChange: (on: boolean) => void }) {
  return (
    <View className={`setup-toggle${on ? ' setup-toggle--on' : ''}`} onClick={() => onChange(!on)}>
      <View className="setup-toggle__text">
        <View className="setup-toggle__label">{label}</View>
        <View className="committee__hint">{hint}</View>
      </View>
      <View className="setup-toggle__switch">
        <Text className="setup-toggle__state">{on ? '是' : '否'}</Text>
      </View>
    </View>
  )
}

/**
 * The head of a trade or venue row: its code, its name and 删除, with their errors. Class names
 * follow the row kind (`trade-row__code`, `venue-row__name`, …).
 */
function CodeNameHead({
  kind,
  row,
  nameLabel,
  nameMaxLength,
  errorOf,
  onInput,
  onRemove,
}: {
  kind: 'trade' | 'venue'
  row: { code: string; name: string }
  nameLabel: string
  nameMaxLength: number
  errorOf: (field: 'code' | 'name') => string | undefined
  onInput: (field: 'code' | 'name', value: string) => void
  onRemove: () => void
}) {
  return (
    <>
      <View className="setup-editor__bar">
        <Input
          className={`committee__input setup-editor__code ${kind}-row__code`}
          value={row.code}
          maxlength={32}
          placeholder={kind === 'trade' ? '工种代码' : '赛场代码'}
          onInput={(e) => onInput('code', e.detail.value)}
        />
        <Input
          className={`committee__input setup-editor__grow ${kind}-row__name`}
          value={row.name}
          maxlength={nameMaxLength}
          placeholder={nameLabel}
          onInput={(e) => onInput('name', e.detail.value)}
        />
        <Text className={`setup-editor__link setup-editor__remove ${kind}-row__remove`} onClick={onRemove}>
          删除
        </Text>
      </View>
      <FieldError message={errorOf('code')} />
      <FieldError message={errorOf('name')} />
    </>
  )
}

function Card({ title, className = '', children }: { title: string; className?: string; children: ReactNode }) {
  return (
    <View className={`committee__card ${className}`}>
      <View className="committee__heading">{title}</View>
      {children}
    </View>
  )
}

/** Date and time pickers for one moment, in China time. */
function DateTime({
  label,
  iso,
  defaultTime,
  className,
  onChange,
}: {
  label: string
  iso: string
  defaultTime: string
  className: string
  onChange: (iso: string) => void
}) {
  return (
    <View className={`setup-datetime ${className}`}>
      <View className="committee__label">{label}</View>
      <View className="setup-editor__bar">
        <Picker
          mode="date"
          value={datePart(iso) || chinaToday()}
          onChange={(event) => onChange(withDate(iso, String(event.detail.value), defaultTime))}
        >
          <View className="committee__input setup-datetime__date">{datePart(iso) || '选择日期'}</View>
        </Picker>
        <Picker
          mode="time"
          value={timePart(iso) || defaultTime.slice(0, 5)}
          disabled={!iso}
          onChange={(event) => onChange(withTime(iso, String(event.detail.value)))}
        >
          <View className="committee__input setup-datetime__time">{timePart(iso) || '--:--'}</View>
        </Picker>
      </View>
    </View>
  )
}

/** 赛事设置 editor: everything the committee sets for one competition, saved as a whole. */
export default function Editor({ competitionId, onClose, onSaved }: Props) {
  const [id, setId] = useState(competitionId)
  // Loaded once, not again when the page is shown after being hidden: that would drop unsaved changes.
  const [state, setState] = useState<TPageData<TEditing>>({ kind: 'loading' })
  const mounted = useRef(true)
  const reload = useCallback(async () => {
    setState({ kind: 'loading' })
    try {
      const data = competitionId ? await loadSetup(competitionId) : { version: 0, form: emptyForm() }
      if (mounted.current) setState({ kind: 'ready', data })
    } catch (error) {
      if (mounted.current) setState(toFailure(error))
    }
  }, [competitionId])
  useEffect(() => {
    mounted.current = true
    void reload()
    return () => {
      mounted.current = false
    }
  }, [reload])
  const update = (next: (data: TEditing) => TEditing) =>
    setState((current) => (current.kind === 'ready' ? { kind: 'ready', data: next(current.data) } : current))
  const [errors, setErrors] = useState<TSetupErrors>(NO_ERRORS)
  const [banner, setBanner] = useState<string[]>([])
  const [saved, setSaved] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [dirty, setDirty] = useState(false)
  const [honour, setHonour] = useState('')
  const [fillAll, setFillAll] = useState('')

  if (state.kind !== 'ready') return <PageStatus state={state} onRetry={() => void reload()} />
  const { form, version } = state.data
  const err = (where: string) => errors.byKey[where]

  /** Applies a change to the form and drops the problems shown at `where`. */
  const change = (next: (current: TSetupForm) => TSetupForm, ...where: string[]) => {
    update((data) => ({ ...data, form: next(data.form) }))
    setErrors((current) => withoutError(current, ...where))
    setSaved(null)
    setDirty(true)
  }
  const set = (patch: Partial<TSetupForm>, ...where: string[]) => change((f) => ({ ...f, ...patch }), ...where)
  const setTrade = (key: string, patch: Partial<TTradeRow>, field: string) =>
    change((f) => ({ ...f, trades: f.trades.map((t) => (t.key === key ? { ...t, ...patch } : t)) }), `trade:${key}:${field}`, `trade:${key}`)
  const setAge = (key: string, patch: Partial<TAgeRow>, field: string) =>
    change((f) => ({ ...f, ageRanges: f.ageRanges.map((r) => (r.key === key ? { ...r, ...patch } : r)) }), `age:${key}:${field}`, `age:${key}`)
  const setVenue = (key: string, patch: Partial<TVenueRow>, field: string) =>
    change((f) => ({ ...f, venues: f.venues.map((v) => (v.key === key ? { ...v, ...patch } : v)) }), `venue:${key}:${field}`)

  async function close() {
    if (dirty) {
      const answer = await Taro.showModal({ title: '放弃修改', content: '修改还没有保存，确定返回吗？', confirmText: '返回' })
      if (!answer.confirm) return
    }
    onClose()
  }

  async function save() {
    setSaved(null)
    const checked = toSetupInput(form)
    if (!checked.ok) {
      setErrors(checked.errors)
      setBanner([`有 ${errorCount(checked.errors)} 处需要修改，请按提示修改后再保存`, ...checked.errors.general])
      return
    }
    setSaving(true)
    setErrors(NO_ERRORS)
    setBanner([])
    try {
      const stored = id ? await updateCompetition(id, { version, setup: checked.input }) : await createCompetition(checked.input)
      const names = new Map(form.unions.map((u) => [u.id, { name: u.name, code: u.code }]))
      update(() => ({ version: stored.version, form: formFromSetup(stored, names) }))
      setId(stored.id)
      setDirty(false)
      setSaved(id ? '已保存' : '赛事已创建')
      void Taro.showToast({ title: '已保存', icon: 'success' })
      onSaved(stored)
    } catch (error) {
      if (error instanceof AppError && error.code === 'CONFLICT' && id) {
        // Someone saved in between: show what is stored now.
        try {
          const fresh = await loadSetup(id)
          update(() => fresh)
          setDirty(false)
        } catch (reloadError) {
          setBanner([CONFLICT_MESSAGE, errorMessage(reloadError)])
          return
        }
        setBanner([CONFLICT_MESSAGE])
      } else if (error instanceof AppError && error.code === 'VALIDATION_FAILED') {
        const placed = serverErrors(error.fields ?? [], checked.sent)
        setErrors(placed)
        setBanner([error.message, ...placed.general])
      } else {
        // COMPETITION_CHANGE_REFUSED and the rest: the BFF's own words.
        setBanner([errorMessage(error)])
      }
    } finally {
      setSaving(false)
    }
  }

  const tables = quotaTables(form)
  const groupName = (code: TGroupCode) => form.groups.find((g) => g.code === code)?.name ?? COMPETITION_GROUPS[code]

  return (
    <View className="setup-editor">
      <View className="setup-editor__top">
        <Text className="setup-editor__back" onClick={() => void close()}>
          ‹ 返回赛事列表
        </Text>
        <View className="committee__heading setup-editor__title">{id ? `编辑：${form.name || '未命名赛事'}` : '新建赛事'}</View>
      </View>

      <View className="committee__columns">
        <View className="committee__column">
          <Card title="基本信息" className="setup-basics">
            <View className="committee__label">赛事名称</View>
            <Input
              className="committee__input setup-basics__name"
              value={form.name}
              maxlength={120}
              placeholder="例如 2026年“海河工匠杯”技能大赛"
              onInput={(e) => set({ name: e.detail.value }, 'name')}
            />
            <FieldError message={err('name')} />

            <View className="committee__label">主办单位</View>
            <Input
              className="committee__input setup-basics__organiser"
              value={form.organiser}
              maxlength={80}
              placeholder="例如 天津市职工职业技能大赛组织委员会"
              onInput={(e) => set({ organiser: e.detail.value }, 'organiser')}
            />
            <FieldError message={err('organiser')} />

            <View className="committee__label">赛事说明（选填）</View>
            <Input
              className="committee__input setup-basics__description"
              value={form.description}
              maxlength={2000}
              placeholder="报名方式、审核流程等"
              onInput={(e) => set({ description: e.detail.value }, 'description')}
            />
            <FieldError message={err('description')} />

            <View className="committee__label">发布状态</View>
            <View className="committee__chips">
              {PUBLICATION_OPTIONS.map((option) => (
                <Chip
                  key={option.value}
                  on={form.publication === option.value}
                  label={option.label}
                  onClick={() => set({ publication: option.value }, 'publication')}
                />
              ))}
            </View>
            <View className="committee__hint">筹备中的赛事职工看不到；已发布的赛事在报名时间内可以报名。</View>
            <FieldError message={err('publication')} />
          </Card>

          <Card title="报名时间" className="setup-window">
            <DateTime
              label="开始"
              className="setup-window__opens"
              iso={form.opensAt}
              defaultTime="00:00:00"
              onChange={(opensAt) => set({ opensAt }, 'registrationOpensAt')}
            />
            <FieldError message={err('registrationOpensAt')} />
            <DateTime
              label="截止"
              className="setup-window__closes"
              iso={form.closesAt}
              defaultTime="23:59:59"
              onChange={(closesAt) => set({ closesAt }, 'registrationClosesAt')}
            />
            <FieldError message={err('registrationClosesAt')} />
            <View className="committee__hint">北京时间</View>
          </Card>

          <Card title="组别" className="setup-groups">
            <View className="committee__chips">
              {(['worker', 'student'] as const).map((code) => (
                <Chip
                  key={code}
                  on={form.groups.some((g) => g.code === code)}
                  label={COMPETITION_GROUPS[code]}
                  onClick={() => change((f) => toggleGroup(f, code), 'groups')}
                />
              ))}
            </View>
            <FieldError message={err('groups')} />
          </Card>

          <Card title="参赛资格" className="setup-eligibility">
            <View className="committee__label">年龄计算基准日</View>
            <View className="setup-editor__bar">
              <Picker
                mode="date"
                value={datePart(form.referenceDate) || chinaToday()}
                onChange={(e) => set({ referenceDate: withDate(form.referenceDate, String(e.detail.value), '00:00:00') }, 'eligibility.referenceDate')}
              >
                <View className="committee__input setup-eligibility__date">{datePart(form.referenceDate) || '选择日期'}</View>
              </Picker>
              {form.referenceDate && (
                <Text className="setup-editor__link" onClick={() => set({ referenceDate: '' }, 'eligibility.referenceDate')}>
                  清除
                </Text>
              )}
            </View>
            <FieldError message={err('eligibility.referenceDate')} />

            <View className="committee__label">年龄范围</View>
            {form.ageRanges.length === 0 && <View className="committee__empty">不限年龄</View>}
            {form.ageRanges.map((row) => (
              <View key={row.key} className="setup-row age-row">
                <View className="committee__chips">
                  {form.groups.map((g) => (
                    <Chip key={g.code} on={row.groupCode === g.code} label={g.name} onClick={() => setAge(row.key, { groupCode: g.code }, 'groupCode')} />
                  ))}
                </View>
                <FieldError message={err(`age:${row.key}:groupCode`)} />
                <View className="committee__chips">
                  <Chip on={row.tradeKey === null} label="全部工种" onClick={() => setAge(row.key, { tradeKey: null }, 'tradeCode')} />
                  {form.trades
                    .filter((t) => row.groupCode === null || t.groups.includes(row.groupCode))
                    .map((t) => (
                      <Chip
                        key={t.key}
                        on={row.tradeKey === t.key}
                        label={t.name.trim() || t.code}
                        onClick={() => setAge(row.key, { tradeKey: t.key }, 'tradeCode')}
                      />
                    ))}
                </View>
                <FieldError message={err(`age:${row.key}:tradeCode`)} />
                <View className="setup-editor__bar">
                  <Input
                    className="committee__input setup-editor__number age-row__min"
                    type="number"
                    value={row.minAge}
                    placeholder="最小年龄"
                    onInput={(e) => setAge(row.key, { minAge: e.detail.value }, 'minAge')}
                  />
                  <Text className="setup-editor__between">至</Text>
                  <Input
                    className="committee__input setup-editor__number age-row__max"
                    type="number"
                    value={row.maxAge}
                    placeholder="最大年龄"
                    onInput={(e) => setAge(row.key, { maxAge: e.detail.value }, 'maxAge')}
                  />
                  <Text className="setup-editor__between">岁</Text>
                  <Text
                    className="setup-editor__link setup-editor__remove"
                    onClick={() => change((f) => ({ ...f, ageRanges: f.ageRanges.filter((r) => r.key !== row.key) }), 'eligibility.ageRanges')}
                  >
                    删除
                  </Text>
                </View>
                <FieldError message={err(`age:${row.key}:minAge`)} />
                <FieldError message={err(`age:${row.key}:maxAge`)} />
                <FieldError message={err(`age:${row.key}`)} />
              </View>
            ))}
            <Button className="committee__small setup-editor__add" size="mini" onClick={() => change(addAgeRange, 'eligibility.ageRanges')}>
              添加年龄范围
            </Button>
            <FieldError message={err('eligibility.ageRanges')} />

            <View className="committee__label">获以下荣誉者不得作为选手参赛</View>
            <View className="committee__chips">
              {form.excludedHonours.length === 0 && <Text className="committee__hint">无</Text>}
              {form.excludedHonours.map((h) => (
                <Text key={h} className="committee__chip committee__chip--on setup-honour">
                  {h}
                  <Text
                    className="setup-honour__remove"
                    onClick={() => set({ excludedHonours: form.excludedHonours.filter((x) => x !== h) }, 'eligibility.excludedHonours')}
                  >
                    {' ×'}
                  </Text>
                </Text>
              ))}
            </View>
            <View className="setup-editor__bar">
              <Input
                className="committee__input setup-editor__grow setup-honour__input"
                value={honour}
                maxlength={40}
                placeholder="荣誉名称，例如 全国五一劳动奖章"
                onInput={(e) => setHonour(e.detail.value)}
                onConfirm={() => {
                  change((f) => addHonour(f, honour), 'eligibility.excludedHonours')
                  setHonour('')
                }}
              />
              <Button
                className="committee__small"
                size="mini"
                onClick={() => {
                  change((f) => addHonour(f, honour), 'eligibility.excludedHonours')
                  setHonour('')
                }}
              >
                添加
              </Button>
            </View>
            <FieldError message={err('eligibility.excludedHonours')} />

            <Toggle
              on={form.workerResidenceRequired}
              label="职工组须本地户籍或社保"
              hint="本地户籍，或在本地连续缴纳社会保险满 12 个月"
              onChange={(on) => set({ workerResidenceRequired: on }, 'eligibility.workerResidenceRequired')}
            />
            <Toggle
              on={form.noFullTimeStudentsInWorkerGroup}
              label="职工组不接受全日制在校学生"
              hint="全日制在校学生只能报学生组"
              onChange={(on) => set({ noFullTimeStudentsInWorkerGroup: on }, 'eligibility.noFullTimeStudentsInWorkerGroup')}
            />
          </Card>

          <Card title="赛场" className="setup-venues">
            {form.venues.length === 0 && <View className="committee__empty">还没有赛场</View>}
            {form.venues.map((row) => (
              <View key={row.key} className="setup-row venue-row">
                <CodeNameHead
                  kind="venue"
                  row={row}
                  nameLabel="赛场名称"
                  nameMaxLength={60}
                  errorOf={(field) => err(`venue:${row.key}:${field}`)}
                  onInput={(field, value) => setVenue(row.key, { [field]: value }, field)}
                  onRemove={() => change((f) => ({ ...f, venues: f.venues.filter((v) => v.key !== row.key) }), 'venues')}
                />
                <Input
                  className="committee__input venue-row__address"
                  value={row.address}
                  maxlength={120}
                  placeholder="地址（选填）"
                  onInput={(e) => setVenue(row.key, { address: e.detail.value }, 'address')}
                />
                <FieldError message={err(`venue:${row.key}:address`)} />
              </View>
            ))}
            <Button className="committee__small setup-editor__add" size="mini" onClick={() => change(addVenue, 'venues')}>
              添加赛场
            </Button>
            <FieldError message={err('venues')} />
          </Card>
        </View>

        <View className="committee__column">
          <Card title="工种" className="setup-trades">
            <View className="committee__hint">工种代码只能用小写字母、数字和短横线，报名记录用它找到工种。</View>
            {form.trades.map((row) => (
              <View key={row.key} className="setup-row trade-row">
                <CodeNameHead
                  kind="trade"
                  row={row}
                  nameLabel="工种名称"
                  nameMaxLength={40}
                  errorOf={(field) => err(`trade:${row.key}:${field}`)}
                  onInput={(field, value) => setTrade(row.key, { [field]: value }, field)}
                  onRemove={() => change((f) => removeTrade(f, row.key), 'trades')}
                />
                <View className="committee__chips trade-row__groups">
                  {form.groups.map((g) => (
                    <Chip
                      key={g.code}
                      className={`trade-row__group--${g.code}`}
                      on={row.groups.includes(g.code)}
                      label={g.name}
                      onClick={() => change((f) => toggleTradeGroup(f, row.key, g.code), `trade:${row.key}:groups`)}
                    />
                  ))}
                </View>
                <FieldError message={err(`trade:${row.key}:groups`)} />
                <FieldError message={err(`trade:${row.key}`)} />
              </View>
            ))}
            <Button className="committee__small setup-editor__add setup-trades__add" size="mini" onClick={() => change(addTrade, 'trades')}>
              添加工种
            </Button>
            <FieldError message={err('trades')} />
          </Card>

          <Card title="参赛工会" className="setup-unions">
            <View className="committee__hint">通常是区、局、集团公司工会；其下级工会的职工通过它们报名。</View>
            {form.unions.length === 0 && <View className="committee__empty">还没有参赛工会</View>}
            {form.unions.map((union) => (
              <View key={union.id} className="committee__row setup-union">
                <View className="committee__row-main">
                  <View className="committee__row-title">{union.name}</View>
                  {union.code && <View className="committee__row-sub">工会代码 {union.code}</View>}
                  <FieldError message={err(`union:${union.id}`)} />
                </View>
                <Text className="setup-editor__link setup-editor__remove" onClick={() => change((f) => removeUnion(f, union.id), `union:${union.id}`)}>
                  移出
                </Text>
              </View>
            ))}
            <FieldError message={err('participatingUnionIds')} />
            <UnionSearch chosen={form.unions.map((u) => u.id)} onAdd={(union) => change((f) => addUnion(f, union), 'participatingUnionIds')} />
          </Card>

          <Card title="名额" className="setup-quotas">
            <View className="committee__hint">每个参赛工会、工种、组别可报名的人数；留空表示不设名额。</View>
            {tables.length === 0 && <View className="committee__empty">先添加参赛工会，再设置名额</View>}
            {tables.length > 0 && (
              <View className="setup-editor__bar setup-quotas__fill">
                <Input
                  className="committee__input setup-editor__number"
                  type="number"
                  value={fillAll}
                  placeholder="人数"
                  onInput={(e) => setFillAll(e.detail.value)}
                />
                <Button
                  className="committee__small"
                  size="mini"
                  disabled={fillAll.trim() === ''}
                  onClick={() => change((f) => fillQuotas(f, fillAll.trim()), 'quotas')}
                >
                  全部填入
                </Button>
              </View>
            )}
            {tables.map((table) => (
              <View key={table.union.id} className="quota-table">
                <View className="quota-table__union">
                  <Text className="quota-table__name">{table.union.name}</Text>
                  <Text className="committee__hint">{` 合计 ${table.total} 人`}</Text>
                </View>
                <View className="quota-row quota-row--head">
                  <Text className="quota-row__trade">工种</Text>
                  {table.columns.map((g) => (
                    <Text key={g.code} className="quota-row__cell">
                      {groupName(g.code)}
                    </Text>
                  ))}
                </View>
                {table.rows.map((row) => (
                  <View key={row.tradeKey} className="quota-row">
                    <Text className="quota-row__trade">{row.tradeName}</Text>
                    {row.cells.map((cell, c) => {
                      const group = table.columns[c]
                      if (!cell || !group) {
                        return (
                          <Text key={c} className="quota-row__cell quota-row__cell--none">
                            不设
                          </Text>
                        )
                      }
                      return (
                        <View key={cell.cell} className={`quota-row__cell quota-cell--${group.code}`}>
                          <Input
                            className="committee__input quota-cell__input"
                            type="number"
                            value={cell.value}
                            placeholder="—"
                            onInput={(e) =>
                              change((f) => ({ ...f, quotas: { ...f.quotas, [cell.cell]: e.detail.value } }), `quota:${cell.cell}`, 'quotas')
                            }
                          />
                          <FieldError message={err(`quota:${cell.cell}`)} />
                        </View>
                      )
                    })}
                  </View>
                ))}
              </View>
            ))}
            <FieldError message={err('quotas')} />
          </Card>
        </View>
      </View>

      <View className="setup-editor__actions">
        <View className="setup-editor__messages">
          {banner.map((line) => (
            <View key={line} className="committee__error setup-editor__banner">
              {line}
            </View>
          ))}
          {saved && <View className="setup-editor__saved">{saved}</View>}
        </View>
        <Button className="committee__primary setup-editor__save" loading={saving} disabled={saving} onClick={() => void save()}>
          {id ? '保存修改' : '创建赛事'}
        </Button>
      </View>
    </View>
  )
}
