import type { TEvidenceImage, TEvidenceItem } from '@contest/shared';
import type { EvidenceRecord } from '../models/evidence';
import type { EvidenceImage } from '../services/evidence/evidence';

export function presentEvidenceItem(record: EvidenceRecord): TEvidenceItem {
  return {
    id: record._id.toHexString(),
    kind: record.kind,
    contentType: record.contentType,
    size: record.size,
    width: record.width,
    height: record.height,
    uploadedAt: record.uploadedAt.toISOString(),
  };
}

export function presentEvidenceImage({ record, bytes }: EvidenceImage): TEvidenceImage {
  return { id: record._id.toHexString(), kind: record.kind, contentType: record.contentType, dataUrl: `data:${record.contentType};base64,${bytes.toString('base64')}` };
}
