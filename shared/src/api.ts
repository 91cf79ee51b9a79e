import { z } from 'zod';
import { ZCompetition, ZCompetitionSummary } from './competition';
import { okEnvelope } from './envelope';
import { ZEligibility } from './competitionSetup';
import { ZPublishedQuota } from './entryRules';
import { ZMyRegistration, ZUnionLookup } from './registration';
import { ZAuditCompetition, ZAuditQueuePage, ZAuditRegistration, ZAuditSummary, ZBatchDecisionResult, ZRevealedPersonalData } from './audit';
import { ZDevLoginCode, ZMe, ZRoleGrant, ZSession } from './auth';
import { ZCreatedInvitation, ZInvitation } from './invitation';
import { ZCompetitionSetupView } from './competitionSetup';
import { ZUnionEntry, ZUnionImportResult, ZUnionListData } from './unionDirectory';

/** The BFF's API contracts: path → response schema. Both sides import these. */
export const API_PREFIX = '/api/v1';

export const ZCompetitionListData = z.object({ items: z.array(ZCompetitionSummary) });
export type TCompetitionListData = z.infer<typeof ZCompetitionListData>;
export const ZCompetitionListResponse = okEnvelope(ZCompetitionListData);

/**
 * The public detail adds who may enter, so the form can ask for the right declarations, and the
 * places per participating union (by name), so the page can show them (`describeEntryRules`).
 */
export const ZCompetitionDetailData = ZCompetition.extend({ eligibility: ZEligibility, quotas: z.array(ZPublishedQuota).default([]) });
export type TCompetitionDetailData = z.infer<typeof ZCompetitionDetailData>;
export const ZCompetitionDetailResponse = okEnvelope(ZCompetitionDetailData);

export const ZHealthResponse = z.object({ ok: z.literal(true), status: z.string() });

// ---- Sign-in, account and roles ----

export const ZSessionResponse = okEnvelope(ZSession);
export const ZMeResponse = okEnvelope(ZMe);
export const ZDevLoginCodeResponse = okEnvelope(ZDevLoginCode);
export const ZCreatedInvitationResponse = okEnvelope(ZCreatedInvitation);
export const ZInvitationResponse = okEnvelope(ZInvitation);
export const ZInvitationListResponse = okEnvelope(z.object({ items: z.array(ZInvitation) }));
export const ZRoleGrantResponse = okEnvelope(ZRoleGrant);
export const ZRoleGrantListResponse = okEnvelope(z.object({ items: z.array(ZRoleGrant) }));
export const ZEmptyResponse = okEnvelope(z.object({}));

// ---- Committee set-up: union directory and competitions ----

export const ZUnionEntryResponse = okEnvelope(ZUnionEntry);
export const ZUnionListResponse = okEnvelope(ZUnionListData);
export const ZUnionImportResponse = okEnvelope(ZUnionImportResult);
export const ZCompetitionSetupResponse = okEnvelope(ZCompetitionSetupView);
export const ZCompetitionSetupListData = z.object({ items: z.array(ZCompetitionSetupView) });
export type TCompetitionSetupListData = z.infer<typeof ZCompetitionSetupListData>;
export const ZCompetitionSetupListResponse = okEnvelope(ZCompetitionSetupListData);

// ---- Worker registration ----
export const ZUnionLookupResponse = okEnvelope(ZUnionLookup);
export const ZMyRegistrationResponse = okEnvelope(ZMyRegistration);
export const ZMyRegistrationList = z.object({
  items: z.array(ZMyRegistration),
  /** Template ids to ask grants for when the worker opens 我的报名: those ahead of any of the items. */
  subscribeTemplateIds: z.array(z.string()).max(3),
  /** Template ids to ask grants for when the worker submits a registration (or resubmits one): those ahead of 待工会审核. */
  submitTemplateIds: z.array(z.string()).max(3),
});
export type TMyRegistrationList = z.infer<typeof ZMyRegistrationList>;
export const ZMyRegistrationListResponse = okEnvelope(ZMyRegistrationList);

// ---- Auditing: union and committee desks ----
export const ZAuditCompetitionListResponse = okEnvelope(z.object({ items: z.array(ZAuditCompetition) }));
export const ZAuditSummaryResponse = okEnvelope(ZAuditSummary);
export const ZAuditQueueResponse = okEnvelope(ZAuditQueuePage);
export const ZAuditRegistrationResponse = okEnvelope(ZAuditRegistration);
export const ZRevealedPersonalDataResponse = okEnvelope(ZRevealedPersonalData);
export const ZBatchDecisionResponse = okEnvelope(ZBatchDecisionResult);
