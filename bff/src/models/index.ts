import { AnnouncementModel } from './announcement';
import { AuditEventModel } from './auditEvent';
import { CheckInAnswerModel, CheckInConflictModel, CheckInModel } from './checkIn';
import { CompetitionModel } from './competition';
import { EvidenceModel } from './evidence';
import { ExportLeaseModel } from './exportLease';
import { IdempotencyKeyModel } from './idempotencyKey';
import { InvitationModel } from './invitation';
import { PassSerialModel } from './passSerial';
import { PlacementLeaseModel } from './placementLease';
import { NotificationModel } from './notification';
import { RegistrationModel } from './registration';
import { ResultObjectionModel, ResultRowModel, ResultSnapshotModel, ResultsAnnouncementModel } from './results';
import { QuotaCounterModel } from './quotaCounter';
import { RetentionLeaseModel, RetentionPurgeModel } from './retention';
import { RoleGrantModel } from './roleGrant';
import { ScoreChangeModel, ScoreModel } from './score';
import { SessionModel } from './session';
import { SubscriptionGrantModel } from './subscriptionGrant';
import { TeamEntryModel, TeamModel } from './team';
import { UnionModel } from './union';
import { UserModel } from './user';
import { VenueSessionModel } from './venueSession';
import { WeChatTokenModel } from './wechatToken';

/** Every model, so start-up can create their indexes in one place. */
export const allModels = [
  CompetitionModel,
  UnionModel,
  UserModel,
  SessionModel,
  RoleGrantModel,
  InvitationModel,
  WeChatTokenModel,
  RegistrationModel,
  TeamModel,
  TeamEntryModel,
  IdempotencyKeyModel,
  QuotaCounterModel,
  AuditEventModel,
  ExportLeaseModel,
  NotificationModel,
  SubscriptionGrantModel,
  AnnouncementModel,
  VenueSessionModel,
  PassSerialModel,
  PlacementLeaseModel,
  CheckInModel,
  CheckInAnswerModel,
  CheckInConflictModel,
  ScoreModel,
  ScoreChangeModel,
  ResultSnapshotModel,
  ResultsAnnouncementModel,
  ResultObjectionModel,
  EvidenceModel,
  ResultRowModel,
  RetentionPurgeModel,
  RetentionLeaseModel,
] as const;
