import { useState } from 'react'
import { Button, Textarea, View } from '@tarojs/components'
import { AppError, type TCompetitionSetupView, type TVenueSessionView } from '@contest/shared'
import { errorMessage } from '../../../api/errors'
import { createSession, updateSession } from '../../../api/venueSessions'
import Chip from '../competitions/parts/Chip'
import FieldError from '../competitions/parts/FieldError'
import LabelledInput from '../competitions/parts/LabelledInput'
import { emptySessionForm, formOfSession, hostChoices, saveErrors, toSessionInput, type TSessionErrors, type TSessionForm } from './view'

export type Props = {
  competition: TCompetitionSetupView
  /** The session changed, or null for a new one. */
  session: TVenueSessionView | null
  onSaved: (session: TVenueSessionView) => void
  onCancel: () => void
}

/** Creating or changing a session: venue, day and time window, stations, the trades × groups it hosts. */
export default function SessionEditor({ competition, session, onSaved, onCancel }: Props) {
  const [form, setForm] = useState<TSessionForm>(() => (session ? formOfSession(session) : emptySessionForm(competition)))
  const [errors, setErrors] = useState<TSessionErrors>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const change = (patch: Partial<TSessionForm>) => {
    setForm((current) => ({ ...current, ...patch }))
    setErrors({})
    setFailure(null)
  }
  const toggleHost = (key: string) => change({ hosts: form.hosts.includes(key) ? form.hosts.filter((k) => k !== key) : [...form.hosts, key] })

  async function save() {
    const checked = toSessionInput(form)
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setSaving(true)
    try {
      const { code, ...fields } = checked.input
      const saved = session
        ? await updateSession(competition.id, session.code, { version: session.version, session: fields })
        : await createSession(competition.id, { ...fields, code })
      onSaved(saved)
    } catch (error) {
      if (error instanceof AppError) setErrors(saveErrors(error))
      setFailure(errorMessage(error))
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className="committee__card session-editor">
      <View className="committee__heading">{session ? `修改场次 ${session.code}` : '新增场次'}</View>
      {session ? null : (
        <LabelledInput
          label="场次代码（准考证和考位使用，保存后不能修改）"
          className="session-editor__code"
          value={form.code}
          placeholder="例如 main-am"
          error={errors.code}
          onInput={(code) => change({ code })}
        />
      )}
      <View className="committee__label">赛场</View>
      <View className="committee__chips">
        {competition.venues.map((venue) => (
          <Chip key={venue.code} on={form.venueCode === venue.code} label={venue.name} onClick={() => change({ venueCode: venue.code })} />
        ))}
      </View>
      <FieldError message={errors.venueCode} />
      <LabelledInput label="场次名称" className="session-editor__name" value={form.name} placeholder="例如 上午场" error={errors.name} onInput={(name) => change({ name })} />
      <LabelledInput label="日期" className="session-editor__date" value={form.date} placeholder="YYYY-MM-DD" error={errors.date} onInput={(date) => change({ date })} />
      <LabelledInput label="开始时间" className="session-editor__start" value={form.startTime} placeholder="HH:mm" error={errors.startTime} onInput={(startTime) => change({ startTime })} />
      <LabelledInput label="结束时间" className="session-editor__end" value={form.endTime} placeholder="HH:mm" error={errors.endTime} onInput={(endTime) => change({ endTime })} />
      <LabelledInput
        label="考位数"
        className="session-editor__capacity"
        type="number"
        value={form.capacity}
        placeholder="例如 40"
        error={errors.capacity}
        onInput={(capacity) => change({ capacity })}
      />
      <LabelledInput
        label="考位前缀（考位编号如 A-001）"
        className="session-editor__prefix"
        value={form.stationPrefix}
        placeholder="A"
        error={errors.stationPrefix}
        onInput={(stationPrefix) => change({ stationPrefix: stationPrefix.toUpperCase() })}
      />
      <View className="committee__label">承办的工种组别</View>
      <View className="committee__chips">
        {hostChoices(competition).map((choice) => (
          <Chip key={choice.key} on={form.hosts.includes(choice.key)} label={choice.label} onClick={() => toggleHost(choice.key)} />
        ))}
      </View>
      <FieldError message={errors.hosts} />
      <View className="committee__label">考生须知（印在准考证上）</View>
      <Textarea
        className="committee__input session-editor__instructions"
        value={form.instructions}
        placeholder="例如 请携带身份证和准考证"
        maxlength={500}
        onInput={(event) => change({ instructions: event.detail.value })}
      />
      <FieldError message={errors.instructions} />
      <FieldError message={failure ?? undefined} />
      <View className="session-editor__actions">
        <Button className="committee__primary" loading={saving} disabled={saving || undefined} onClick={() => void save()}>
          保存场次
        </Button>
        <Button className="committee__small session-editor__cancel" onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  )
}
