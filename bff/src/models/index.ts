import { CompetitionModel } from './competition';
import { UnionModel } from './union';

/** Every model, so start-up can create their indexes in one place. */
export const allModels = [CompetitionModel, UnionModel] as const;

export { CompetitionModel, UnionModel };
