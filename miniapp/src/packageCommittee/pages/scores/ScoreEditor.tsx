import { useState } from 'react'
import { Button, View } from '@tarojs/components'
import { SCORE_REMARKS_MAX } from '@contest/shared'
import { errorMessage } from '../../../api/errors'
import { scoreHistory, setScore } from '../../../api/scores'
import Chip from '../competitions/parts/Chip'
import FieldError from '../competitions/parts/FieldError'
import LabelledInput from '../competitions/parts/LabelledInput'
import { EMPTY_SCORE_FORM, saveRefusal, scoreForm, toScoreInput, type TScoreErrors, type TScoreForm } from './view'

export type Props = {
  competitionId: string
  /** The score being corrected, or the empty form for one not entered yet (version 0). */
  initial: TScoreForm
  onCancel: () => void
  /** After a save, and after a conflict (the list then shows what someone else saved). */
  onChanged: () => void
}

/**
 * 录入或更正一个成绩: theory and practical, or 缺考; saved on the version the person saw. When
 * someone changed it meanwhile the BFF answers CONFLICT: the newest values are loaded into the
 * form (from the score's history) to be checked before saving again.
 */
export default function ScoreEditor({ competitionId, initial, onCancel, onChanged }: Props) {
  const [form, setForm] = useState<TScoreForm>(initial)
  const [errors, setErrors] = useState<TScoreErrors>({})
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [saving, setSaving] = useState(false)
  // A new score's form is emptied after each save, for the next contestant; a correction stays.
  const entering = initial.version === 0
  const correcting = form.version > 0

  const edit = (patch: Partial<TScoreForm>) => {
    setForm((current) => ({ ...current, ...patch }))
    setErrors({})
  }

  /** The score as it is now, after someone else's change. */
  async function reloadCurrent(passNumber: string, conflictMessage: string) {
    try {
      const newest = (await scoreHistory(competitionId, passNumber)).changes[0]
      if (newest) setForm(scoreForm(passNumber, newest.after, newest.version))
      setMessage({ ok: false, text: `该成绩已被他人修改，已载入最新成绩（第 ${newest?.version ?? 0} 版），请核对后再保存` })
    } catch (error) {
      setMessage({ ok: false, text: `${conflictMessage}。${errorMessage(error)}` })
    }
    onChanged()
  }

  async function save() {
    const checked = toScoreInput(form)
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setSaving(true)
    setMessage(null)
    try {
      const saved = await setScore(competitionId, checked.passNumber, checked.input)
      setForm(entering ? EMPTY_SCORE_FORM : scoreForm(saved.passNumber, saved, saved.version))
      setMessage({ ok: true, text: `已保存 ${saved.passNumber} ${saved.name} 的成绩（第 ${saved.version} 版）` })
      onChanged()
    } catch (error) {
      const refusal = saveRefusal(error)
      if (refusal.conflict) await reloadCurrent(checked.passNumber, refusal.message)
      else {
        setErrors(refusal.errors)
        setMessage({ ok: false, text: refusal.message })
      }
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className="committee__card score-editor">
      <View className="committee__heading">{correcting ? `更正成绩（第 ${form.version} 版）` : '录入成绩'}</View>
      {!correcting ? (
        <LabelledInput
          label="准考证号"
          className="score-editor__pass"
          value={form.passNumber}
          maxLength={8}
          placeholder="8 位准考证号"
          error={errors.passNumber}
          onInput={(passNumber) => edit({ passNumber })}
        />
      ) : (
        <View className="committee__row-title">准考证号 {form.passNumber}</View>
      )}
      <View className="committee__chips">
        <Chip className="score-editor__absent" on={form.absent} label="缺考" onClick={() => edit({ absent: !form.absent })} />
      </View>
      <FieldError message={errors.absent} />
      {!form.absent && (
        <>
          <LabelledInput
            label="理论成绩"
            className="score-editor__theory"
            type="number"
            value={form.theory}
            placeholder="例如 85.5"
            error={errors.theory}
            onInput={(theory) => edit({ theory })}
          />
          <LabelledInput
            label="实操成绩"
            className="score-editor__practical"
            type="number"
            value={form.practical}
            placeholder="例如 90"
            error={errors.practical}
            onInput={(practical) => edit({ practical })}
          />
        </>
      )}
      <LabelledInput
        label="备注（选填）"
        className="score-editor__remarks"
        value={form.remarks}
        maxLength={SCORE_REMARKS_MAX}
        placeholder="例如 复核后更正"
        error={errors.remarks}
        onInput={(remarks) => edit({ remarks })}
      />
      {message && <View className={message.ok ? 'committee__hint score-editor__done' : 'committee__error score-editor__refused'}>{message.text}</View>}
      <View className="score-editor__actions">
        <Button className="committee__primary" loading={saving} disabled={saving || undefined} onClick={() => void save()}>
          保存成绩
        </Button>
        <Button className="committee__small score-editor__close" size="mini" onClick={onCancel}>
          关闭
        </Button>
      </View>
    </View>
  )
}
