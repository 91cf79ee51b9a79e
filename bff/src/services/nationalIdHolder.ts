import type { Types } from 'mongoose';
import { RegistrationModel, type RegistrationRecord } from '../models/registration';
import { unionNamesById } from './scopeNames';

type HolderFields = Pick<RegistrationRecord, '_id' | 'competitionId' | 'unionId' | 'unionPath' | 'name' | 'status'>;

/** Who holds an ID number in a competition now, as far as one desk may learn it. */
export type NationalIdHolder = { reach: 'in_scope'; registration: HolderFields; unionName: string } | { reach: 'outside_scope' };

/**
 * The active registration that holds an ID number in a competition (the unique index allows one),
 * found by the number's keyed hash, nothing decrypted; null when none does or the holder is
 * `except` itself. A holder the desk does not reach is told only as existing, so that the
 * official knows to pass the dispute on without learning about another union's registration.
 */
export async function findNationalIdHolder(
  competitionId: Types.ObjectId,
  nationalIdHash: string,
  except: Types.ObjectId | null,
  reaches: (registration: HolderFields) => boolean,
): Promise<NationalIdHolder | null> {
  const holder = await RegistrationModel.findOne(
    { competitionId, nationalIdHash, active: true },
    { competitionId: 1, unionId: 1, unionPath: 1, name: 1, status: 1 },
  )
    .lean<HolderFields>()
    .exec();
  if (!holder || (except && holder._id.equals(except))) return null;
  if (!reaches(holder)) return { reach: 'outside_scope' };
  const unions = await unionNamesById([holder.unionId]);
  return { reach: 'in_scope', registration: holder, unionName: unions.get(holder.unionId.toHexString())?.name ?? '' };
}
