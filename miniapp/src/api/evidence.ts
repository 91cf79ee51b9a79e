import {
  ZEvidenceImageResponse,
  ZEvidenceItemResponse,
  ZEvidenceListResponse,
  type TAuditDesk,
  type TEvidenceImage,
  type TEvidenceItem,
  type TEvidenceKind,
} from '@contest/shared'
import { call, uploadFile } from './client'

/** Evidence photos: the worker's uploads for a competition, and a registration's photos at an auditing desk (each view logged). */

export function uploadEvidence(competitionId: string, kind: TEvidenceKind, filePath: string): Promise<TEvidenceItem> {
  return uploadFile({ path: '/me/evidence', query: { competitionId, kind }, filePath, schema: ZEvidenceItemResponse })
}

/** The worker's photos for the competition not yet carried by a registration. */
export function listMyEvidence(competitionId: string): Promise<TEvidenceItem[]> {
  return call({ path: '/me/evidence', query: { competitionId }, schema: ZEvidenceListResponse }).then((list) => list.items)
}

export function getMyEvidence(id: string): Promise<TEvidenceImage> {
  return call({ path: `/me/evidence/${encodeURIComponent(id)}`, schema: ZEvidenceImageResponse })
}

export function getDeskEvidence(desk: TAuditDesk, registrationId: string, evidenceId: string): Promise<TEvidenceImage> {
  return call({
    path: `/audit/${desk}/registrations/${encodeURIComponent(registrationId)}/evidence/${encodeURIComponent(evidenceId)}`,
    schema: ZEvidenceImageResponse,
  })
}
