import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Image, Text, View } from '@tarojs/components'
import { EVIDENCE_KINDS, EVIDENCE_MAX_BYTES, type TEvidenceItem, type TEvidenceKind } from '@contest/shared'
import { errorMessage } from '../../../api/errors'
import { getMyEvidence, listMyEvidence, uploadEvidence } from '../../../api/evidence'
import type { TClaimErrors } from './eligibilityClaims'

/** Above this a phone photo is compressed once more before it is sent (WeChat only; H5 sends what the browser gives). */
const COMPRESS_ABOVE_BYTES = 1024 * 1024

/** A photo from the album or the camera, compressed on the phone; null when the person cancelled. */
async function choosePhoto(): Promise<{ path: string } | null> {
  let chosen: Taro.chooseMedia.SuccessCallbackResult
  try {
    // Callbacks, not the returned promise: Taro's weapp runtime does not promisify chooseMedia (it returns nothing there).
    chosen = await new Promise<Taro.chooseMedia.SuccessCallbackResult>((resolve, reject) => {
      void Taro.chooseMedia({ count: 1, mediaType: ['image'], sourceType: ['album', 'camera'], sizeType: ['compressed'], success: resolve, fail: reject })
    })
  } catch {
    // Cancelled (chooseMedia:fail cancel): nothing to send.
    return null
  }
  const file = chosen.tempFiles[0]
  if (!file) return null
  if (process.env.TARO_ENV === 'weapp' && file.size > COMPRESS_ABOVE_BYTES) {
    const compressed = await Taro.compressImage({ src: file.tempFilePath, quality: 60 })
    return { path: compressed.tempFilePath }
  }
  return { path: file.tempFilePath }
}

export type Props = {
  competitionId: string
  /** The photos this entry must carry. */
  kinds: readonly TEvidenceKind[]
  errors: TClaimErrors
  /** The kinds uploaded so far, each time they change. */
  onHeld: (kinds: ReadonlySet<TEvidenceKind>) => void
  /** A resubmission: the photos sent before stay unless replaced here. */
  resubmit: boolean
}

/** 证明材料: one photo per kind asked for, uploaded as soon as chosen; choosing again replaces it. */
export default function EvidenceCard({ competitionId, kinds, errors, onHeld, resubmit }: Props) {
  const [items, setItems] = useState<TEvidenceItem[]>([])
  /** What each uploaded photo shows: the phone's own file, or the BFF's copy of an earlier upload. */
  const [previews, setPreviews] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState<TEvidenceKind | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    listMyEvidence(competitionId).then(
      (listed) => {
        if (!live) return
        setItems(listed)
        for (const item of listed) {
          getMyEvidence(item.id).then(
            (image) => live && setPreviews((shown) => ({ ...shown, [item.id]: image.dataUrl })),
            () => undefined,
          )
        }
      },
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [competitionId])

  useEffect(() => onHeld(new Set(items.map((item) => item.kind))), [items, onHeld])

  async function upload(kind: TEvidenceKind) {
    setProblem(null)
    const photo = await choosePhoto()
    if (!photo) return
    setBusy(kind)
    try {
      const item = await uploadEvidence(competitionId, kind, photo.path)
      setPreviews((shown) => ({ ...shown, [item.id]: photo.path }))
      setItems((held) => [item, ...held.filter((h) => h.kind !== kind)])
    } catch (error) {
      setProblem(`${EVIDENCE_KINDS[kind]}上传失败：${errorMessage(error)}`)
    } finally {
      setBusy(null)
    }
  }

  return (
    <View className="register__card register-evidence">
      <View className="register__heading">证明材料</View>
      <View className="register__hint">
        请拍摄或选择清晰的照片（JPG、PNG 或 WebP，不超过 {EVIDENCE_MAX_BYTES / 1024 / 1024} MB），仅审核您报名的工会和组委会可以查看。{resubmit ? '已提交过的照片无需重新上传。' : ''}
      </View>
      {kinds.map((kind) => {
        const item = items.find((i) => i.kind === kind)
        const error = errors[`evidence.${kind}`]
        return (
          <View key={kind} id={`field-evidence-${kind}`} className={`register-field register-evidence__item register-evidence__item--${kind}`}>
            <View className="register-field__label">{EVIDENCE_KINDS[kind]}</View>
            {item && previews[item.id] && <Image className="register-evidence__thumb" src={previews[item.id]!} mode="aspectFit" />}
            {item && <Text className="register-evidence__done">已上传 ✓</Text>}
            <Button className="register__secondary register-evidence__button" loading={busy === kind} disabled={busy !== null} onClick={() => void upload(kind)}>
              {item ? '重新上传' : '拍照或选择照片'}
            </Button>
            {error && <View className="register__error register-field__error">{error}</View>}
          </View>
        )
      })}
      {problem && <View className="register__error">{problem}</View>}
    </View>
  )
}
