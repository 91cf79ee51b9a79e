import { useState } from 'react'
import { Button, Text, Textarea, View } from '@tarojs/components'
import { COMMON_REJECTION_REASONS, IDENTITY_REJECTION_LABEL, ZDecisionInput, type TRejectionKind } from '@contest/shared'

type Props = {
  /** 不通过 · 张伟, or 不通过 · 已选3条 */
  title: string
  busy: boolean
  /** A problem from the BFF, shown above the buttons. */
  error: string | null
  /** `identity` releases the ID number (not the applicant's own), so its owner can register. */
  onConfirm: (reason: string, kind: TRejectionKind) => void
  onCancel: () => void
}

/** The reason a rejection needs (the shared schema's rule), or null when it will do. */
export function reasonProblem(reason: string): string | null {
  const checked = ZDecisionInput.safeParse({ decision: 'reject', reason, version: 0 })
  return checked.success ? null : (checked.error.issues[0]?.message ?? '请选择或填写不通过的原因')
}

/**
 * The sheet a rejection goes through: common reasons as chips (a tap fills the box) or a reason
 * written out; a rejection without one is not sent. A tick box says whether the ID number is not
 * the applicant's own, which releases it: a chip about identity ticks it, another chip clears it,
 * and the official may tick it for a reason of their own.
 */
export default function ReasonSheet({ title, busy, error, onConfirm, onCancel }: Props) {
  const [reason, setReason] = useState('')
  const [kind, setKind] = useState<TRejectionKind>('other')
  const [problem, setProblem] = useState<string | null>(null)

  function confirm() {
    const found = reasonProblem(reason)
    setProblem(found)
    if (!found) onConfirm(reason.trim(), kind)
  }

  return (
    <View className="audit-sheet">
      <View className="audit-sheet__mask" onClick={busy ? undefined : onCancel} />
      <View className="audit-sheet__panel">
        <View className="audit__heading">{title}</View>
        <View className="audit__hint">请选择常用原因或填写不通过的原因，报名人将看到这条意见。</View>
        <View className="audit-chips">
          {COMMON_REJECTION_REASONS.map((chip) => (
            <View
              key={chip.text}
              className={`audit-chip${reason === chip.text ? ' audit-chip--on' : ''}`}
              onClick={() => {
                setReason(chip.text)
                setKind(chip.kind)
                setProblem(null)
              }}
            >
              {chip.text}
            </View>
          ))}
        </View>
        <Textarea
          className="audit-sheet__reason"
          value={reason}
          maxlength={200}
          placeholder="填写不通过的原因"
          onInput={(event) => {
            setReason(event.detail.value)
            setProblem(null)
          }}
        />
        <View className="audit-sheet__identity" onClick={() => setKind(kind === 'identity' ? 'other' : 'identity')}>
          <Text className={`tick-box${kind === 'identity' ? ' tick-box--on' : ''}`}>{kind === 'identity' ? '✓' : ''}</Text>
          <Text className="audit-sheet__identity-label">{IDENTITY_REJECTION_LABEL}</Text>
        </View>
        {(problem ?? error) && <View className="audit__error audit-sheet__error">{problem ?? error}</View>}
        <View className="audit-sheet__buttons">
          <Button className="audit__secondary" disabled={busy || undefined} onClick={onCancel}>
            取消
          </Button>
          <Button className="audit__danger audit-sheet__confirm" loading={busy || undefined} disabled={busy || undefined} onClick={confirm}>
            确定不通过
          </Button>
        </View>
      </View>
    </View>
  )
}
