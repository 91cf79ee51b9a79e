import { useRef, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Image, Input, Picker, Text, View } from '@tarojs/components'
import { AppError, ZTeamLeader, type TCompetitionDetailData, type TTeam } from '@contest/shared'
import { getCompetition } from '../../../api/competitions'
import { errorMessage } from '../../../api/errors'
import { createTeam, enterTeamMember, fetchConfirmationCode, importTeamSheet, listTeams, saveTeamSheetTemplate } from '../../../api/teams'
import PageStatus from '../../../components/PageStatus'
import { usePageData } from '../../../loading/usePageData'
import { EMPTY_MEMBER_FORM, memberInput, memberRow, SHEET_HINT, SKILL_LEVEL_OPTIONS, sheetRefusal, tradeGroupOptions, type TMemberForm } from './view'

import '../../audit.scss'

type TSheetChoice = { read: () => Promise<ArrayBuffer> } | null

/** The sheet picked from a WeChat chat (WeChat has no file browser); null when the official cancelled. */
async function chooseFromChat(): Promise<TSheetChoice> {
  try {
    const file = (await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] })).tempFiles[0]
    return file ? { read: async () => Taro.getFileSystemManager().readFileSync(file.path) as ArrayBuffer } : null
  } catch {
    return null
  }
}

function MemberForm({ team, competition, onEntered }: { team: TTeam; competition: TCompetitionDetailData; onEntered: () => void }) {
  const [form, setForm] = useState<TMemberForm>(EMPTY_MEMBER_FORM)
  const [problem, setProblem] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const options = tradeGroupOptions(competition)
  const field = (key: 'name' | 'nationalId' | 'mobile' | 'employer' | 'yearsInTrade', placeholder: string) => (
    <Input className="audit-team__input" value={form[key]} placeholder={placeholder} onInput={(event) => setForm({ ...form, [key]: event.detail.value })} />
  )

  async function submit() {
    const checked = memberInput(form, options)
    if (!checked.ok) {
      setProblem(checked.message)
      return
    }
    setSaving(true)
    setProblem(null)
    try {
      await enterTeamMember(team.id, checked.input)
      setForm(EMPTY_MEMBER_FORM)
      onEntered()
    } catch (error) {
      setProblem(error instanceof AppError && error.fields?.[0] ? error.fields[0].message : errorMessage(error))
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className="audit-team__form">
      {field('name', '姓名')}
      {field('nationalId', '身份证号')}
      {field('mobile', '手机号')}
      {field('employer', '工作单位')}
      <Picker mode="selector" range={options.map((o) => o.label)} value={form.tradeGroup} onChange={(event) => setForm({ ...form, tradeGroup: Number(event.detail.value) })}>
        <View className="audit-team__input">工种组别：{options[form.tradeGroup]?.label ?? '请选择'}</View>
      </Picker>
      <Picker mode="selector" range={SKILL_LEVEL_OPTIONS.map((o) => o.label)} value={form.skillLevel} onChange={(event) => setForm({ ...form, skillLevel: Number(event.detail.value) })}>
        <View className="audit-team__input">技能等级：{SKILL_LEVEL_OPTIONS[form.skillLevel]?.label}</View>
      </Picker>
      {field('yearsInTrade', '从事本工种年限')}
      {problem && <View className="audit__error">{problem}</View>}
      <Button className="audit__primary" loading={saving || undefined} disabled={saving || undefined} onClick={() => void submit()}>
        录入队员
      </Button>
    </View>
  )
}

function TeamCard({ team, competition, onChanged }: { team: TTeam; competition: TCompetitionDetailData; onChanged: () => void }) {
  const [adding, setAdding] = useState(false)
  const [importing, setImporting] = useState(false)
  const [outcome, setOutcome] = useState<{ message: string; rows: string[] } | null>(null)
  const [codes, setCodes] = useState<Record<string, string>>({})
  const [codeProblem, setCodeProblem] = useState<string | null>(null)
  const fileInput = useRef<HTMLInputElement>(null)

  async function showCode(entryId: string) {
    setCodeProblem(null)
    try {
      const src = await fetchConfirmationCode(team.id, entryId)
      setCodes((shown) => ({ ...shown, [entryId]: src }))
    } catch (error) {
      setCodeProblem(errorMessage(error))
    }
  }

  async function importSheet(choice: TSheetChoice) {
    if (fileInput.current) fileInput.current.value = ''
    if (!choice) return
    setImporting(true)
    setOutcome(null)
    try {
      const { entered } = await importTeamSheet(team.id, await choice.read())
      setOutcome({ message: `已录入 ${entered} 人，请把确认链接发给每位队员`, rows: [] })
      onChanged()
    } catch (error) {
      setOutcome(sheetRefusal(error))
    } finally {
      setImporting(false)
    }
  }

  return (
    <View className="audit__card audit-team">
      <View className="audit__heading">{team.name}</View>
      <View className="audit__hint">
        {team.unionName} · 领队 {team.leader.name} {team.leader.mobileMasked}
      </View>
      {team.members.length === 0 && <View className="audit__empty">还没有队员</View>}
      {team.members.map(memberRow).map((row) => (
        <View key={row.id} className="audit-team__member">
          <View>
            <Text className="audit-team__name">{row.title}</Text>
            <Text className={`audit-team__status audit-team__status--${row.tone}`}>{row.status}</Text>
          </View>
          <View className="audit__hint">{row.detail}</View>
          {row.link && (
            <View className="audit-team__link">
              <Text selectable>{row.link}</Text>
              <Button className="audit__small" onClick={() => void Taro.setClipboardData({ data: row.link! })}>
                复制确认链接
              </Button>
              {codes[row.id] ? (
                <Image className="audit-team__code" src={codes[row.id]!} mode="aspectFit" showMenuByLongpress />
              ) : (
                <Button className="audit__small" onClick={() => void showCode(row.id)}>
                  显示确认二维码
                </Button>
              )}
            </View>
          )}
        </View>
      ))}
      {codeProblem && <View className="audit__error">{codeProblem}</View>}
      {adding ? (
        <MemberForm team={team} competition={competition} onEntered={() => { setAdding(false); onChanged() }} />
      ) : (
        <Button className="audit__secondary" onClick={() => setAdding(true)}>
          添加队员
        </Button>
      )}
      <View className="audit__hint">{SHEET_HINT}</View>
      {process.env.TARO_ENV === 'h5' && (
        <input
          ref={fileInput}
          className="audit-team__file"
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(event) => {
            const file = event.target.files?.[0]
            void importSheet(file ? { read: () => file.arrayBuffer() } : null)
          }}
        />
      )}
      <Button
        className="audit__secondary"
        loading={importing || undefined}
        disabled={importing || undefined}
        onClick={() => (process.env.TARO_ENV === 'h5' ? fileInput.current?.click() : void chooseFromChat().then(importSheet))}
      >
        导入报名表
      </Button>
      {outcome && (
        <View className="audit-team__outcome">
          <View className={outcome.rows.length > 0 ? 'audit__error' : 'audit__done'}>{outcome.message}</View>
          {outcome.rows.map((line) => (
            <View key={line} className="audit__error">
              {line}
            </View>
          ))}
        </View>
      )}
    </View>
  )
}

function NewTeam({ competitionId, onCreated }: { competitionId: string; onCreated: () => void }) {
  const [name, setName] = useState('')
  const [leaderName, setLeaderName] = useState('')
  const [leaderMobile, setLeaderMobile] = useState('')
  const [problem, setProblem] = useState<string | null>(null)

  async function submit() {
    const leader = ZTeamLeader.safeParse({ name: leaderName, mobile: leaderMobile })
    if (name.trim().length < 2) return setProblem('请填写参赛队名称')
    if (!leader.success) return setProblem(leader.error.issues[0]?.message ?? '请填写领队')
    setProblem(null)
    try {
      await createTeam(competitionId, name.trim(), leader.data)
      setName('')
      setLeaderName('')
      setLeaderMobile('')
      onCreated()
    } catch (error) {
      setProblem(errorMessage(error))
    }
  }

  return (
    <View className="audit__card">
      <View className="audit__heading">新建参赛队</View>
      <Input className="audit-team__input" value={name} placeholder="参赛队名称" onInput={(event) => setName(event.detail.value)} />
      <Input className="audit-team__input" value={leaderName} placeholder="领队姓名（不参赛）" onInput={(event) => setLeaderName(event.detail.value)} />
      <Input className="audit-team__input" value={leaderMobile} placeholder="领队手机号" onInput={(event) => setLeaderMobile(event.detail.value)} />
      {problem && <View className="audit__error">{problem}</View>}
      <Button className="audit__primary" onClick={() => void submit()}>
        创建参赛队
      </Button>
      <View className="audit__link" onClick={() => void saveTeamSheetTemplate(competitionId).catch((error: unknown) => setProblem(errorMessage(error)))}>
        下载报名表模板
      </View>
    </View>
  )
}

/**
 * 团体报名 (union desk): the official's teams for a competition, each with its 领队 and members.
 * Members are entered one at a time or from a sheet (all rows or none); each shows 待本人确认 /
 * 已确认 / 已过期 and, while waiting, the link to send them: their entry counts only once they confirm.
 */
export default function AuditTeams() {
  const { params } = useRouter()
  const competitionId = params.competitionId ?? ''
  const page = usePageData(async () => {
    if (!competitionId) throw new AppError('COMPETITION_NOT_FOUND')
    const [competition, teams] = await Promise.all([getCompetition(competitionId), listTeams(competitionId)])
    return { competition, teams }
  }, [competitionId])

  if (page.state.kind !== 'ready') return <PageStatus state={page.state} onRetry={() => void page.reload()} />
  const { competition, teams } = page.state.data
  const reload = () => void page.reload()

  return (
    <View className="audit audit-teams">
      <View className="audit__card">
        <View className="audit__title">{competition.name}</View>
        <View className="audit__hint">工会代队员报名：录入后把确认链接发给本人，本人登录确认并同意隐私政策后报名才生效，报名截止前未确认的不计入。</View>
      </View>
      {teams.map((team) => (
        <TeamCard key={team.id} team={team} competition={competition} onChanged={reload} />
      ))}
      <NewTeam competitionId={competitionId} onCreated={reload} />
    </View>
  )
}
