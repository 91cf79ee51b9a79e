import { useEffect, useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import { EVIDENCE_KINDS, describeClaims, type TAuditDesk, type TAuditRegistration, type TEvidenceImage } from '@contest/shared'
import { errorMessage } from '../../api/errors'
import { getDeskEvidence } from '../../api/evidence'
import AuditLines from './AuditLines'

type Props = { desk: TAuditDesk; registration: TAuditRegistration }

/**
 * 资格信息与证明材料: the eligibility fields the worker stated, beside the photos that prove them.
 * The photos load with the page (each view is in the audit log, as the trail then shows); a tap
 * opens one large, another tap closes it.
 */
export default function EvidencePanel({ desk, registration }: Props) {
  const evidence = registration.evidence ?? []
  const claims = registration.eligibilityClaims ?? null
  const [images, setImages] = useState<Record<string, TEvidenceImage>>({})
  const [problem, setProblem] = useState<string | null>(null)
  const [large, setLarge] = useState<TEvidenceImage | null>(null)
  const ids = evidence.map((item) => item.id).join(',')

  useEffect(() => {
    let live = true
    setImages({})
    setProblem(null)
    Promise.all(evidence.map((item) => getDeskEvidence(desk, registration.id, item.id))).then(
      (loaded) => {
        if (live) setImages(Object.fromEntries(loaded.map((image) => [image.id, image])))
      },
      (error: unknown) => {
        if (live) setProblem(`证明材料加载失败：${errorMessage(error)}`)
      },
    )
    return () => {
      live = false
    }
    // The photos change only with the registration's list of them (`ids`), not with each new object.
  }, [desk, registration.id, ids])

  if (!claims && evidence.length === 0) return null
  return (
    <View className="audit__card audit-evidence">
      <View className="audit__heading">资格信息与证明材料</View>
      {claims && <AuditLines lines={describeClaims(claims)} />}
      {evidence.length === 0 && <View className="audit__hint">未上传证明材料</View>}
      <View className="audit-evidence__photos">
        {evidence.map((item) => {
          const image = images[item.id]
          return (
            <View key={item.id} className="audit-evidence__photo" onClick={() => image && setLarge(image)}>
              {image ? (
                <Image className="audit-evidence__thumb" src={image.dataUrl} mode="aspectFit" />
              ) : (
                <View className="audit-evidence__thumb audit-evidence__thumb--loading">加载中</View>
              )}
              <Text className="audit-evidence__label">{EVIDENCE_KINDS[item.kind]}</Text>
            </View>
          )
        })}
      </View>
      {problem && <View className="audit__error">{problem}</View>}
      <View className="audit__hint">查看证明材料会记入审核记录。点击照片可放大查看。</View>
      {large && (
        <View className="audit-evidence__large" onClick={() => setLarge(null)}>
          <Image className="audit-evidence__large-image" src={large.dataUrl} mode="aspectFit" />
          <Text className="audit-evidence__large-label">{EVIDENCE_KINDS[large.kind]} · 点击关闭</Text>
        </View>
      )}
    </View>
  )
}
