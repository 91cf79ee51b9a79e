/**
 * Issue 5: every query the audit API sends to the registrations collection is served by an index
 * the model declares. The embedded store has no `explain`, so this test records what mongoose
 * sends (its debug hook: collection, method, the cast filter and the options with sort) while it
 * calls every audit list, search, count, summary, export, home, detail and decision route with
 * every filter combination, and checks each query against RegistrationModel.schema.indexes().
 *
 * The rule (MongoDB's equality–sort–range), for one query and one index:
 *  0. A filter with equality (or $in) on `_id` is served by the `_id` index: at most one document
 *     per value is fetched, whatever else the filter says.
 *  1. Every filter field is an equality (a value, $eq, or $in, which MongoDB expands into point
 *     bounds and merges for a sort), a range ($gt/$gte/$lt/$lte, or a case-sensitive $regex
 *     anchored with ^, which becomes a key range), or "other" ($ne, $exists, unanchored regex,
 *     $or …): an "other" predicate is never served.
 *  2. The equality fields, in any order, are exactly the index's first fields.
 *  3. The sort's fields (leaving out those fixed by a single-value equality) come next in the
 *     index, in its order, all in its directions or all reversed. A sort on an array field is
 *     never served (a multikey index cannot give that order).
 *  4. The range fields that are not sort fields come right after, in any order. A range on a
 *     sort field is served by the sort part (the scan starts at the bound: keyset pages).
 *  5. A partial index counts only when the filter implies its partialFilterExpression (conditions
 *     on the expression's fields are then answered by the index itself).
 *  6. A query with no filter and no sort is a collection scan: not served.
 * A query no declared index serves fails the test, naming the query, the route that sent it and
 * the closest index with the first step it fails.
 */
import mongoose, { Types } from 'mongoose';
import request from 'supertest';
import { QUEUE_STATUS_MEMBERS, ZAuditQueueResponse, ZQueueStatus, type TRegistrationSubmitInput } from '@contest/shared';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { signInAs, type TestPerson } from '../support/auth';
import { bodyAsBytes, startAuditHarness, submitThroughApi } from '../support/auditApi';
import type { TestHarness } from '../support/bff';

// ---------------------------------------------------------------- the checker

type Direction = 1 | -1;

interface DeclaredIndex {
  name: string;
  fields: Array<[string, Direction]>;
  partialFilterExpression?: Record<string, unknown>;
}

/** One query as mongoose sent it. */
interface SentQuery {
  collection: string;
  method: string;
  filter: Record<string, unknown>;
  sort: Array<[string, Direction]>;
  /** The request that caused it. */
  origin: string;
}

type Predicate = { kind: 'eq'; values: unknown[] } | { kind: 'range' } | { kind: 'other'; operator: string };

interface Verdict {
  served: boolean;
  /** The serving index, or the closest one when none serves. */
  index: string;
  /** Why the closest index does not serve (empty when served). */
  reason: string;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

const isOperatorObject = (value: unknown): value is Record<string, unknown> =>
  isPlainObject(value) && Object.keys(value).length > 0 && Object.keys(value).every((key) => key.startsWith('$'));

const RANGE_OPERATORS = new Set(['$gt', '$gte', '$lt', '$lte']);

/** A case-sensitive regex anchored with ^ and without alternation: MongoDB scans a key range. */
function isPrefixRegex(pattern: unknown, options: unknown): boolean {
  const source = pattern instanceof RegExp ? pattern.source : typeof pattern === 'string' ? pattern : null;
  const flags = pattern instanceof RegExp ? pattern.flags : typeof options === 'string' ? options : '';
  return source !== null && source.startsWith('^') && !source.includes('|') && !flags.includes('i');
}

function predicateOf(condition: unknown): Predicate {
  if (condition instanceof RegExp) return isPrefixRegex(condition, undefined) ? { kind: 'range' } : { kind: 'other', operator: 'regex' };
  if (!isOperatorObject(condition)) return { kind: 'eq', values: [condition] };
  const operators = Object.keys(condition);
  if (operators.length === 1 && operators[0] === '$eq') return { kind: 'eq', values: [condition.$eq] };
  if (operators.length === 1 && operators[0] === '$in' && Array.isArray(condition.$in)) return { kind: 'eq', values: condition.$in };
  if (operators.every((op) => RANGE_OPERATORS.has(op))) return { kind: 'range' };
  if (operators.every((op) => op === '$regex' || op === '$options') && isPrefixRegex(condition.$regex, condition.$options)) return { kind: 'range' };
  return { kind: 'other', operator: operators.join(',') };
}

/** Field → predicate, flattening a top-level $and; other top-level operators ($or, $expr …) are "other". */
function predicatesOf(filter: Record<string, unknown>): Map<string, Predicate> {
  const out = new Map<string, Predicate>();
  const visit = (part: Record<string, unknown>) => {
    for (const [key, condition] of Object.entries(part)) {
      if (key === '$and' && Array.isArray(condition)) condition.filter(isPlainObject).forEach(visit);
      else if (key.startsWith('$')) out.set(key, { kind: 'other', operator: key });
      else out.set(key, out.has(key) ? { kind: 'other', operator: 'two conditions' } : predicateOf(condition));
    }
  };
  visit(filter);
  return out;
}

const sameValue = (a: unknown, b: unknown) => (a instanceof Types.ObjectId ? a.equals(b as Types.ObjectId) : a === b);

/** Whether the filter's predicates imply a partialFilterExpression (the forms the models use). */
function impliesPartialFilter(predicates: Map<string, Predicate>, partial: Record<string, unknown>): boolean {
  return Object.entries(partial).every(([field, condition]) => {
    const predicate = predicates.get(field);
    if (predicate?.kind !== 'eq') return false;
    if (isOperatorObject(condition)) {
      if (Object.keys(condition).length !== 1) return false;
      if (condition.$type === 'string') return predicate.values.every((v) => typeof v === 'string');
      if (condition.$type === 'objectId') return predicate.values.every((v) => v instanceof Types.ObjectId);
      if (condition.$exists === true) return predicate.values.every((v) => v !== null && v !== undefined);
      return false;
    }
    return predicate.values.length === 1 && sameValue(predicate.values[0], condition);
  });
}

/**
 * Checks one query against one index; `score` counts the query's parts the index handles before the
 * first failure, to name the closest index.
 */
function checkIndex(query: Pick<SentQuery, 'filter' | 'sort'>, index: DeclaredIndex, arrayFields: ReadonlySet<string>): { served: boolean; score: number; reason: string } {
  const predicates = predicatesOf(query.filter);
  const fields = index.fields.map(([field]) => field);
  let score = 0;
  const fail = (reason: string) => ({ served: false, score, reason });

  // 5. A partial index holds only documents matching its expression: conditions on the expression's
  // own fields are answered by the index itself, when the filter implies the expression.
  const partial = index.partialFilterExpression;
  const partialImplied = partial !== undefined && impliesPartialFilter(predicates, partial);
  if (partialImplied) for (const field of Object.keys(partial)) if (!fields.includes(field)) predicates.delete(field);
  for (const [field, predicate] of predicates) {
    if (predicate.kind === 'other') return fail(`${field}: ${predicate.operator} is not answered by index bounds`);
  }
  const equalities = [...predicates].filter(([, p]) => p.kind === 'eq').map(([field]) => field);
  if (equalities.length === 0 && query.sort.length === 0 && predicates.size === 0) return fail('no filter and no sort: a collection scan');

  // 2. Equality fields: exactly the index's first fields, in any order.
  for (let i = 0; i < equalities.length; i += 1) {
    const field = fields[i];
    if (field === undefined || !equalities.includes(field)) {
      const missing = equalities.filter((f) => !fields.slice(0, equalities.length).includes(f));
      return fail(`equality on ${missing.join(', ')} is not in the index's first ${equalities.length} field(s) (${fields.join(', ')})`);
    }
    score += 1;
  }

  // 3. Sort fields next, in index order, all in its direction or all reversed.
  const fixed = (field: string) => {
    const predicate = predicates.get(field);
    return predicate?.kind === 'eq' && predicate.values.length === 1;
  };
  const sort = query.sort.filter(([field]) => !fixed(field));
  let position = equalities.length;
  let orientation: Direction | 0 = 0;
  for (const [field, direction] of sort) {
    if (arrayFields.has(field)) return fail(`sort on the array field ${field}`);
    const indexField = index.fields[position];
    if (!indexField || indexField[0] !== field) {
      return fail(`sort on ${field} where the index has ${indexField ? indexField[0] : 'no more fields'} (position ${position + 1})`);
    }
    const relative = (direction * indexField[1]) as Direction;
    if (orientation !== 0 && relative !== orientation) return fail(`sort directions on ${sort.map(([f]) => f).join(', ')} mix the index's order`);
    orientation = relative;
    position += 1;
    score += 1;
  }

  // 4. Range fields (other than sort fields) right after.
  const sortFields = new Set(sort.map(([field]) => field));
  const ranges = [...predicates].filter(([field, p]) => p.kind === 'range' && !sortFields.has(field)).map(([field]) => field);
  const rangeSlots = fields.slice(position, position + ranges.length);
  for (const field of ranges) {
    if (!rangeSlots.includes(field)) return fail(`range on ${field} is not among the index's fields after the equalities and sort (${fields.slice(position).join(', ') || 'none'})`);
    score += 1;
  }
  if (partial !== undefined && !partialImplied) return fail(`partial index: the filter does not imply ${JSON.stringify(partial)}`);
  return { served: true, score, reason: '' };
}

/** The verdict for one query over all the model's indexes (the _id index included). */
function checkQuery(query: Pick<SentQuery, 'filter' | 'sort'>, indexes: readonly DeclaredIndex[], arrayFields: ReadonlySet<string> = new Set()): Verdict {
  const id = predicatesOf(query.filter).get('_id');
  if (id?.kind === 'eq') return { served: true, index: '_id_', reason: '' };
  const all: DeclaredIndex[] = [{ name: '_id_', fields: [['_id', 1]] }, ...indexes];
  let closest: { index: string; score: number; reason: string } | undefined;
  for (const index of all) {
    const result = checkIndex(query, index, arrayFields);
    if (result.served) return { served: true, index: index.name, reason: '' };
    if (!closest || result.score > closest.score) closest = { index: index.name, score: result.score, reason: result.reason };
  }
  return { served: false, index: closest?.index ?? '(none)', reason: closest?.reason ?? '' };
}

/** schema.indexes() as DeclaredIndex, named as MongoDB names them when the schema does not. */
function declaredIndexes(model: mongoose.Model<unknown>): DeclaredIndex[] {
  return model.schema.indexes().map(([keys, options]) => {
    const fields = Object.entries(keys).map(([field, direction]) => [field, Number(direction) < 0 ? -1 : 1] as [string, Direction]);
    const name = typeof options.name === 'string' ? options.name : fields.map(([f, d]) => `${f}_${d}`).join('_');
    const partial = options.partialFilterExpression as Record<string, unknown> | undefined;
    return partial ? { name, fields, partialFilterExpression: partial } : { name, fields };
  });
}

function arrayFieldsOf(model: mongoose.Model<unknown>): Set<string> {
  const out = new Set<string>();
  model.schema.eachPath((path, type) => {
    if (type.instance === 'Array') out.add(path);
  });
  return out;
}

function sortOf(sort: unknown): Array<[string, Direction]> {
  if (!isPlainObject(sort)) return [];
  return Object.entries(sort).map(([field, direction]) => [field, Number(direction) < 0 ? -1 : 1]);
}

/** What a registrations call filters and sorts on; null for calls without a filter (insertOne …). */
function queryOfCall(method: string, args: unknown[]): { filter: Record<string, unknown>; sort: Array<[string, Direction]> } | null {
  if (method === 'aggregate') {
    const pipeline = Array.isArray(args[0]) ? (args[0] as Array<Record<string, unknown>>) : [];
    const first = pipeline[0];
    const filter = first && isPlainObject(first.$match) ? first.$match : {};
    const next = first && isPlainObject(first.$match) ? pipeline[1] : first;
    return { filter, sort: sortOf(next?.$sort) };
  }
  const withFilter = ['find', 'findOne', 'countDocuments', 'distinct', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'replaceOne'];
  if (!withFilter.includes(method)) return null;
  const filterArg = method === 'distinct' ? args[1] : args[0];
  const optionsArg = args.find((arg, i) => i > 0 && isPlainObject(arg) && 'sort' in arg) as { sort?: unknown } | undefined;
  return { filter: isPlainObject(filterArg) ? filterArg : {}, sort: sortOf(optionsArg?.sort) };
}

/** A query with its values left out, to report each shape once. */
function shapeOf(query: SentQuery): string {
  const describe = ([field, p]: [string, Predicate]) =>
    p.kind === 'eq' ? (p.values.length === 1 ? field : `${field} $in[${p.values.length}]`) : p.kind === 'range' ? `${field} range` : `${field} ${p.operator}`;
  const filter = [...predicatesOf(query.filter)].map(describe).join(', ');
  const sort = query.sort.map(([field, d]) => `${field}:${d}`).join(', ');
  return `${query.method}({ ${filter} })${sort ? ` sort { ${sort} }` : ''}`;
}

// ---------------------------------------------------------------- the checker bites

describe('the index checker', () => {
  const indexes = declaredIndexes(RegistrationModel as unknown as mongoose.Model<unknown>);
  const arrays = arrayFieldsOf(RegistrationModel as unknown as mongoose.Model<unknown>);
  const competitionId = new Types.ObjectId();
  const unionId = new Types.ObjectId();

  it('accepts the queue query shape it is meant to accept', () => {
    const page = checkQuery(
      { filter: { competitionId, unionPath: { $in: [unionId, new Types.ObjectId()] }, status: 'submitted', _id: { $gt: new Types.ObjectId() } }, sort: [['_id', 1]] },
      indexes,
      arrays,
    );
    expect(page).toEqual({ served: true, index: 'queue_by_union', reason: '' });
    expect(checkQuery({ filter: { competitionId, name: { $regex: '^王' } }, sort: [] }, indexes, arrays)).toMatchObject({ served: true, index: 'search_name' });
  });

  it('reports a filter on an unindexed field as unserved, naming the closest index', () => {
    const verdict = checkQuery({ filter: { competitionId, unionPath: unionId, employer: '天津港' }, sort: [['_id', 1]] }, indexes, arrays);
    expect(verdict.served).toBe(false);
    expect(verdict.index).toMatch(/^(queue_by_union|search_id_in_union|search_name_in_union|queue_by_union_trade)$/);
    expect(verdict.reason).toContain('employer');
  });

  it('reports a sort the index order cannot give, and mixed directions', () => {
    expect(checkQuery({ filter: { competitionId, unionPath: unionId, status: 'submitted' }, sort: [['submittedAt', -1]] }, indexes, arrays)).toMatchObject({
      served: false,
      index: 'queue_by_union',
      reason: expect.stringContaining('sort on submittedAt'),
    });
    const mixed: DeclaredIndex[] = [{ name: 'a_1_b_1_c_1', fields: [['a', 1], ['b', 1], ['c', 1]] }];
    expect(checkQuery({ filter: { a: 1 }, sort: [['b', 1], ['c', -1]] }, mixed).served).toBe(false);
    expect(checkQuery({ filter: { a: 1 }, sort: [['b', -1], ['c', -1]] }, mixed).served).toBe(true);
  });

  it('reports a range placed before the sort, an unanchored or case-insensitive regex, and $ne', () => {
    const abc: DeclaredIndex[] = [{ name: 'a_1_r_1_s_1', fields: [['a', 1], ['r', 1], ['s', 1]] }];
    expect(checkQuery({ filter: { a: 1, r: { $gt: 3 } }, sort: [['s', 1]] }, abc).served).toBe(false);
    expect(checkQuery({ filter: { a: 1, r: { $gt: 3 } }, sort: [] }, abc).served).toBe(true);
    expect(checkQuery({ filter: { a: 1, r: { $regex: '王' } }, sort: [] }, abc).served).toBe(false);
    expect(checkQuery({ filter: { a: 1, r: { $regex: '^王', $options: 'i' } }, sort: [] }, abc).served).toBe(false);
    expect(checkQuery({ filter: { a: 1, r: { $ne: 3 } }, sort: [] }, abc).served).toBe(false);
    expect(checkQuery({ filter: {}, sort: [] }, abc).served).toBe(false);
  });

  it('counts a partial index only when the filter implies its expression; a sort on an array field is never served', () => {
    const partial: DeclaredIndex[] = [{ name: 'one_active', fields: [['c', 1], ['h', 1]], partialFilterExpression: { active: true } }];
    expect(checkQuery({ filter: { c: 1, h: 'x' }, sort: [] }, partial)).toMatchObject({ served: false, index: 'one_active', reason: expect.stringContaining('partial') });
    expect(checkQuery({ filter: { c: 1, h: 'x', active: true }, sort: [] }, partial)).toEqual({ served: true, index: 'one_active', reason: '' });
    expect(checkQuery({ filter: { c: 1, h: 'x', active: false }, sort: [] }, partial).served).toBe(false);
    const typed: DeclaredIndex[] = [{ name: 'key', fields: [['u', 1], ['k', 1]], partialFilterExpression: { k: { $type: 'string' } } }];
    expect(checkQuery({ filter: { u: 1, k: 'abc' }, sort: [] }, typed).served).toBe(true);
    expect(checkQuery({ filter: { u: 1, k: { $in: ['abc', null] } }, sort: [] }, typed).served).toBe(false);
    expect(checkQuery({ filter: { competitionId }, sort: [['unionPath', 1]] }, indexes, arrays)).toMatchObject({ served: false, reason: 'sort on the array field unionPath' });
  });
});

// ---------------------------------------------------------------- every audit query, checked

const NOW = new Date('2026-11-24T10:00:00+08:00');
let harness: TestHarness;
let competitionId: string;
const api = () => request(harness.app.callback());

describe('every query the audit API sends to registrations is served by a declared index', () => {
  const sent: SentQuery[] = [];
  let origin = '';
  let worker: TestPerson;
  let hexiId: string;
  let youyiId: string;
  const people: Array<{ label: string; desk: 'union' | 'committee'; person: TestPerson }> = [];
  const registered: Array<{ id: string; nationalId: string; name: string }> = [];
  let sequence = 300;

  async function register(overrides: Partial<TRegistrationSubmitInput>): Promise<string> {
    sequence += 2;
    const made = await submitThroughApi(harness, worker, competitionId, sequence, overrides);
    registered.push(made);
    return made.id;
  }

  async function decide(person: TestPerson, desk: 'union' | 'committee', id: string, body: Record<string, unknown>): Promise<void> {
    const version = (await RegistrationModel.findById(id).lean().orFail()).version;
    await api().post(`/api/v1/audit/${desk}/registrations/${id}/decision`).set(person.auth).send({ version, ...body }).expect(200);
  }

  /** A GET as `label`, recorded as the origin of the queries it causes. */
  async function get(label: string, person: TestPerson, path: string, query: Record<string, string | number> = {}): Promise<request.Response> {
    origin = `${label} GET ${path} ${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()}`;
    return api()
      .get(path)
      .query(query)
      .set(person.auth)
      .buffer(true)
      .parse(bodyAsBytes)
      .expect(200);
  }

  beforeAll(async () => {
    const setting = await startAuditHarness(NOW);
    ({ harness, competitionId } = setting);
    const { hexi, youyi, heping } = setting;
    hexiId = hexi._id.toHexString();
    youyiId = youyi._id.toHexString();
    worker = await signInAs([], { privacyAccepted: true });
    const hexiOfficial = await signInAs([{ role: 'union_official', unionId: hexi._id }]);
    people.push(
      { label: 'official (one union)', desk: 'union', person: hexiOfficial },
      { label: 'official (two unions)', desk: 'union', person: await signInAs([{ role: 'union_official', unionId: hexi._id }, { role: 'union_official', unionId: heping._id }]) },
      { label: 'committee', desk: 'committee', person: await signInAs([{ role: 'committee', competitionId }]) },
      { label: 'admin', desk: 'committee', person: await signInAs([{ role: 'admin' }]) },
    );
    // Registrations in every status the tabs show, at 河西区, its sub-union and 和平区, in two trades and both groups.
    const student = { groupCode: 'student', declarations: { notFullTimeStudent: false, noExcludedHonour: true, localResidence: false } } as const;
    const youyiCode = youyi.code;
    const hepingCode = heping.code;
    const ids = [
      await register({ name: '李强', tradeCode: 'cnc-turning' }),
      await register({ name: '王芳', unionCode: youyiCode, tradeCode: 'cnc-turning' }),
      await register({ name: '王磊', unionCode: youyiCode, tradeCode: 'auto-repair', ...student }),
      await register({ name: '赵敏', unionCode: hepingCode, tradeCode: 'cnc-turning' }),
      await register({ name: '刘洋', tradeCode: 'auto-repair' }),
      await register({ name: '陈静', tradeCode: 'assembly-fitting', ...student }),
      await register({ name: '杨帆', unionCode: hepingCode, tradeCode: 'assembly-fitting' }),
    ];
    const committee = people[2]!.person;
    await decide(hexiOfficial, 'union', ids[4]!, { decision: 'approve' });
    await decide(hexiOfficial, 'union', ids[2]!, { decision: 'approve' });
    await decide(committee, 'committee', ids[2]!, { decision: 'approve' });
    await decide(hexiOfficial, 'union', ids[5]!, { decision: 'reject', reason: '所报工种与从事岗位不符' });
    await api().post(`/api/v1/me/registrations/${ids[6]!}/withdraw`).set(worker.auth).send({ version: 0 }).expect(200);

    mongoose.set('debug', function record(this: unknown, collection: string, method: string, ...args: unknown[]) {
      if (collection !== RegistrationModel.collection.collectionName) return;
      const query = queryOfCall(method, args);
      if (query) sent.push({ collection, method, origin, ...query });
    });
  });

  afterAll(async () => {
    mongoose.set('debug', false);
    await harness.stop();
  });

  it('calls every audit route with every filter combination', async () => {
    const statuses = [undefined, ...ZQueueStatus.options];
    const trades: Array<Record<string, string>> = [{}, { tradeCode: 'cnc-turning', groupCode: 'worker' }];
    for (const { label, desk, person } of people) {
      const base = `/api/v1/audit/${desk}/competitions/${competitionId}`;
      await get(label, person, `/api/v1/audit/${desk}/competitions`);
      await get(label, person, `${base}/summary`);
      // A sub-union inside the official's scope; the committee filters by a participating union.
      const unions: Array<Record<string, string>> = [{}, { unionId: desk === 'union' ? youyiId : hexiId }];
      for (const status of statuses) {
        for (const trade of trades) {
          for (const union of unions) {
            const query = { ...(status ? { status } : {}), ...trade, ...union };
            await get(label, person, `${base}/registrations`, query);
            await get(label, person, `${base}/export`, query);
          }
        }
      }
      // Keyset pages: one row per page until the last.
      for (const status of [undefined, 'rejected'] as const) {
        let cursor: string | null = null;
        let pages = 0;
        do {
          const query: Record<string, string | number> = { limit: 1, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) };
          const page = ZAuditQueueResponse.parse(JSON.parse((await get(label, person, `${base}/registrations`, query)).body.toString())).data;
          cursor = page.nextCursor;
          pages += 1;
        } while (cursor && pages < 10);
      }
      // Search: a full ID number (keyed hash) and the beginning of a name, with and without a union filter.
      for (const union of unions) {
        await get(label, person, `${base}/registrations`, { q: registered[0]!.nationalId, ...union });
        await get(label, person, `${base}/registrations`, { q: '王', ...union });
      }
      // A number no registration in the list holds (withdrawn): who holds it now is looked up.
      await get(label, person, `${base}/registrations`, { q: registered[6]!.nationalId });
    }
    // Detail, reveal, a decision and a batch: look-ups by _id.
    const [official, , committee] = people;
    const waiting = registered[0]!.id;
    await get('official', official!.person, `/api/v1/audit/union/registrations/${waiting}`);
    origin = 'official POST reveal';
    await api().post(`/api/v1/audit/union/registrations/${waiting}/reveal`).set(official!.person.auth).expect(200);
    origin = 'official POST decision';
    await decide(official!.person, 'union', waiting, { decision: 'approve' });
    origin = 'committee POST decisions (batch)';
    await api()
      .post('/api/v1/audit/committee/decisions')
      .set(committee!.person.auth)
      .send({ decision: 'approve', reason: null, items: [{ id: waiting, version: 1 }, { id: registered[1]!.id, version: 0 }, { id: new Types.ObjectId().toHexString(), version: 0 }] })
      .expect(200);
    // A two-level audit: the union desk's 待工会审核 tab and its home count what waits at the official's own union.
    await CompetitionModel.updateOne({ _id: competitionId }, { $set: { auditLevels: 2 } }).exec();
    // The competition is kept for 3 s per process (services/competitions.ts).
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    for (const { label, person } of people.filter((p) => p.desk === 'union')) {
      await get(label, person, '/api/v1/audit/union/competitions');
      for (const trade of trades) await get(label, person, `/api/v1/audit/union/competitions/${competitionId}/registrations`, { status: 'submitted', ...trade });
    }
  }, 120_000);

  it('sent the query shapes the routes are expected to send (the capture works)', () => {
    const shapes = new Set(sent.map(shapeOf));
    const expected = [
      'find({ competitionId, unionPath, status })',
      'find({ competitionId, unionPath $in[2], status })',
      `find({ competitionId, unionPath, status $in[${QUEUE_STATUS_MEMBERS.rejected.length}] })`,
      'find({ competitionId, unionPath, tradeCode, groupCode, status })',
      'find({ competitionId, status })',
      'find({ competitionId, tradeCode, groupCode, status })',
      'find({ competitionId, unionPath, status, _id range })',
      'find({ competitionId, unionPath, nationalIdHash })',
      'find({ competitionId, unionPath $in[2], name range })',
      'find({ competitionId, nationalIdHash })',
      'find({ competitionId, name range })',
      'findOne({ competitionId, nationalIdHash, active })',
      'countDocuments({ competitionId, unionPath, status })',
      'countDocuments({ competitionId, status })',
      'aggregate({ competitionId, unionPath })',
      'aggregate({ competitionId, unionPath $in[2] })',
      'aggregate({ competitionId })',
      'findOneAndUpdate({ _id, status, version })',
      'find({ competitionId, awaitingUnionId, status })',
      'find({ competitionId, awaitingUnionId $in[2], status })',
      'find({ competitionId, awaitingUnionId, tradeCode, groupCode, status })',
      'countDocuments({ competitionId, awaitingUnionId, status })',
    ];
    const found = [...shapes].map((shape) => shape.replace(/ sort \{.*\}$/, ''));
    for (const shape of expected) expect(found).toContain(shape);
    // Queue pages sort by _id (keyset); name searches by name.
    const sorted = sent.filter((q) => q.method === 'find' && q.sort.length > 0);
    expect(sorted.every((q) => q.sort.some(([field]) => field === ('name' in q.filter ? 'name' : '_id')))).toBe(true);
  });

  it('each query is served by one of the model’s declared indexes', () => {
    const indexes = declaredIndexes(RegistrationModel as unknown as mongoose.Model<unknown>);
    const arrays = arrayFieldsOf(RegistrationModel as unknown as mongoose.Model<unknown>);
    const byShape = new Map<string, { query: SentQuery; verdict: Verdict }>();
    for (const query of sent) {
      const shape = shapeOf(query);
      if (!byShape.has(shape)) byShape.set(shape, { query, verdict: checkQuery(query, indexes, arrays) });
    }
    const unserved = [...byShape].filter(([, { verdict }]) => !verdict.served);
    const report = unserved.map(
      ([shape, { query, verdict }]) => `${shape}\n    sent by: ${query.origin}\n    closest index: ${verdict.index}: ${verdict.reason}`,
    );
    expect(report).toEqual([]);
    // Each shape and the index that serves it, for the reader of a failing run.
    expect(byShape.size).toBeGreaterThan(15);
    // Without the union queue's index, the union desk's pages are no longer served: the check bites on real queries too.
    const withoutUnionQueue = indexes.filter((index) => index.name !== 'queue_by_union');
    const unionPages = sent.filter((q) => q.method === 'find' && 'unionPath' in q.filter && !('tradeCode' in q.filter) && !('name' in q.filter) && q.sort.length > 0);
    expect(unionPages.length).toBeGreaterThan(0);
    for (const query of unionPages) expect(checkQuery(query, withoutUnionQueue, arrays).served).toBe(false);
    if (process.env.AUDIT_INDEXES_VERBOSE === '1') {
      console.log([...byShape].map(([shape, { verdict }]) => `${verdict.index.padEnd(22)} ${shape}`).join('\n'));
    }
  });
});
