import type { PipelineStage } from 'mongoose';
import type { TNotificationTemplateKey } from '@contest/shared';
import type { Config } from '../../config';
import { SubscriptionGrantModel } from '../../models/subscriptionGrant';

/**
 * Whether WeChat may be sent a message of a template for a person now, as the dispatcher decides
 * it: the template has a WeChat id configured, and it is long-term (NOTIFY_LONG_TERM_TEMPLATES) or
 * the person holds a credit for that id in the grant ledger. Written as aggregation stages, so a
 * count over tens of thousands of people is one query.
 */

export type PushSettings = Pick<Config, 'NOTIFY_TEMPLATE_IDS' | 'NOTIFY_LONG_TERM_TEMPLATES'>;

/** An aggregation expression that evaluates to a catalogue template key (or null for none). */
type TemplateKeyExpression = string | Record<string, unknown>;

/**
 * Stages that set `pushable` (true/false) on each document, whose person is at `userIdField` and
 * whose template key is `templateKey` (a key, or an expression of the document).
 */
export function pushableStages(settings: PushSettings, templateKey: TemplateKeyExpression, userIdField = 'userId'): PipelineStage[] {
  const configured = Object.entries(settings.NOTIFY_TEMPLATE_IDS) as Array<[TNotificationTemplateKey, string]>;
  const longTerm = configured.filter(([key]) => settings.NOTIFY_LONG_TERM_TEMPLATES.includes(key)).map(([key]) => key);
  const oneTime = configured.filter(([key]) => !settings.NOTIFY_LONG_TERM_TEMPLATES.includes(key));
  const alwaysPushable = { $in: [templateKey, longTerm] };
  if (oneTime.length === 0) return [{ $addFields: { pushable: alwaysPushable } }];
  // The WeChat template id the credit must be for (null when the key has none configured).
  const templateId = { $switch: { branches: oneTime.map(([key, id]) => ({ case: { $eq: [templateKey, key] }, then: id })), default: null } };
  return [
    { $lookup: { from: SubscriptionGrantModel.collection.collectionName, localField: userIdField, foreignField: 'userId', as: 'grantLines' } },
    {
      $addFields: {
        pushable: {
          $or: [
            alwaysPushable,
            {
              $anyElementTrue: [
                { $map: { input: '$grantLines', as: 'line', in: { $and: [{ $eq: ['$$line.templateId', templateId] }, { $gt: ['$$line.credits', 0] }] } } },
              ],
            },
          ],
        },
      },
    },
    { $project: { grantLines: 0 } },
  ];
}
