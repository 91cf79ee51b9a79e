import { Schema, Types, model } from 'mongoose';
import { ZRole } from '@contest/shared';

/** Every event but a retention purge is a person's act (the purge's `detail.trigger` says what ran it). */
function isActByPerson(this: { kind: string }): boolean {
  return this.kind !== 'retention_purge';
}

/**
 * What officials did with personal data outside a status change: showing a full ID number,
 * searching by one, and exporting sheets; and the retention purges of a competition's personal data.
 * Append-only: the BFF inserts these and never updates or deletes them.
 * (Status changes are recorded on the registration's own timeline, in the same write as the change.)
 */
const auditEventSchema = new Schema(
  {
    kind: { type: String, required: true, enum: ['reveal', 'export', 'id_search', 'evidence_view', 'retention_purge'] },
    competitionId: { type: Types.ObjectId, required: true },
    /** The registration whose full ID or evidence photo was shown; null for an export or a search. */
    registrationId: { type: Types.ObjectId, default: null },
    /** Null only for a retention purge: the command or the BFF's schedule did it (`detail.trigger`), no person. */
    actorUserId: { type: Types.ObjectId, required: isActByPerson, default: null },
    actorRole: { type: String, required: isActByPerson, enum: [...ZRole.options, null], default: null },
    /** The body the person acted for (e.g. 河西区总工会, 大赛组委会). */
    actorBody: { type: String, default: null },
    at: { type: Date, required: true },
    /**
     * Exports: the filters, the row count and whether ID numbers were unmasked. Searches by ID
     * number: the desk, the union filter and what it answered (how many matched, which
     * registrations, any other holder reported), never the number. Evidence views: which photo
     * (`evidenceId`, `evidenceKind`). Retention purges: the trigger, the retention period, when the
     * competition finished and what was removed, counted per kind.
     */
    detail: { type: Schema.Types.Mixed, default: null },
  },
  { collection: 'audit_events', versionKey: false },
);

auditEventSchema.index({ registrationId: 1, at: 1 });
auditEventSchema.index({ competitionId: 1, kind: 1, at: -1 });

export interface AuditEventRecord {
  _id: Types.ObjectId;
  kind: 'reveal' | 'export' | 'id_search' | 'evidence_view' | 'retention_purge';
  competitionId: Types.ObjectId;
  registrationId: Types.ObjectId | null;
  /** Null only on a retention purge, which names no registration: readers by registration never meet one. */
  actorUserId: Types.ObjectId;
  actorRole: string;
  actorBody: string | null;
  at: Date;
  detail: unknown;
}
export const AuditEventModel = model('AuditEvent', auditEventSchema);
