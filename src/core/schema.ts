// Declared types for state fields and handler arguments. Every type here is a Standard Schema
// (https://standardschema.dev), so zod, valibot or arktype schemas can be used in its place.
// Coercion follows the seed's type hints: "2" -> 2, "on"/"true" -> true, a lone value -> [value].

export interface Issue { readonly message: string; readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined }
export type Result<T> = { value: T; issues?: undefined } | { issues: ReadonlyArray<Issue> }
export interface StandardSchema<T = unknown> {
  readonly '~standard': {
    readonly version: 1
    readonly vendor: string
    readonly validate: (value: unknown) => Result<T> | Promise<Result<T>>
    readonly types?: { readonly input: unknown; readonly output: T } | undefined
  }
}
export type Infer<S> = S extends StandardSchema<infer T> ? T : never
export type Shape = Record<string, StandardSchema>
export type InferShape<S extends Shape> = { [K in keyof S]: Infer<S[K]> }

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])
const FAIL = Symbol('fail')
type Check<T> = (value: unknown, path: PropertyKey[], issues: Issue[]) => T | typeof FAIL

/** How records of a data layer travel in a token: as their primary key, loaded again on every rebuild. */
export interface Model<R = unknown, K extends string | number = string | number> {
  key(record: R): K
  /** the record, or undefined when it no longer exists */
  load(key: K): R | undefined | Promise<R | undefined>
}

/** A built-in type: a Standard Schema with the seed's coercions. */
export class Type<T> implements StandardSchema<T> {
  readonly '~standard': StandardSchema<T>['~standard']
  /** set on model references: the token holds the key, the component the record */
  model?: Model<never>
  constructor(readonly check: Check<T>, readonly description: string) {
    this['~standard'] = {
      version: 1,
      vendor: 'koa-reactor',
      validate: (value) => {
        const issues: Issue[] = []
        const out = this.check(value, [], issues)
        return out === FAIL ? { issues } : { value: out }
      },
    }
  }

  /** Absent (undefined, or an empty form field this type cannot read) becomes undefined. */
  optional(): Type<T | undefined> {
    return this.orElse(() => undefined, `${this.description}?`)
  }

  /** Absent becomes `fallback` (a fresh copy each time). */
  default(fallback: T): Type<T> {
    return this.orElse(() => structuredClone(fallback), this.description)
  }

  /** A rule the value must pass, with the message a user sees when it does not (a form shows it by its field):
   * `t.string().refine((s) => s.includes('@'), 'Enter an e-mail address')`. */
  refine(test: (value: T) => boolean, message: string): Type<T> {
    return this.derive<T>((v, path, issues) => {
      const out = this.check(v, path, issues)
      return out === FAIL || test(out) ? out : (issues.push({ message, path: [...path] }), FAIL)
    }, this.description)
  }

  nullable(): Type<T | null> {
    return this.derive<T | null>((v, path, issues) => (v === null ? null : this.check(v, path, issues)), `${this.description} or null`)
  }

  private orElse<U>(fallback: () => U, description: string): Type<T | U> {
    return this.derive<T | U>((v, path, issues) => {
      if (v === undefined) return fallback()
      if (v !== '') return this.check(v, path, issues)
      const out = this.check(v, path, [])
      return out === FAIL ? fallback() : out
    }, description)
  }

  private derive<U>(check: Check<U>, description: string): Type<U> {
    const type = new Type<U>(check, description)
    type.model = this.model
    return type
  }
}


function fail(issues: Issue[], path: PropertyKey[], expected: string, value: unknown): typeof FAIL {
  const got = value === undefined ? 'nothing' : JSON.stringify(value)?.slice(0, 40) ?? typeof value
  issues.push({ message: `expected ${expected}, got ${got}`, path: [...path] })
  return FAIL
}

function scalar<T>(description: string, convert: (v: unknown) => T | typeof FAIL): Type<T> {
  return new Type((v, path, issues) => {
    const out = convert(v)
    return out === FAIL ? fail(issues, path, description, v) : out
  }, description)
}

const TRUE_WORDS = new Set(['true', 'on', '1', 'yes'])
const FALSE_WORDS = new Set(['false', 'off', '0', 'no', ''])

function toNumber(v: unknown): number | typeof FAIL {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  return Number.isFinite(n) ? n : FAIL
}

function checkShape<S extends Shape>(shape: S, v: unknown, path: PropertyKey[], issues: Issue[]) {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(issues, path, 'an object', v)
  const input = v as Record<string, unknown>
  const out: Record<string, unknown> = {}
  let ok = true
  // one path for every field, its key pushed and popped (a failure copies it): a state is checked on every render
  for (const key in shape) {
    if (!Object.hasOwn(shape, key)) continue
    const value = Object.hasOwn(input, key) ? input[key] : undefined
    path.push(key)
    const result = validateSync(shape[key], value, path, issues)
    path.pop()
    if (result === FAIL) ok = false
    else if (result !== undefined) out[key] = result
  }
  return ok ? (out as InferShape<S>) : FAIL
}

/** Plain JSON data, with the keys that could reach a prototype removed. */
function checkJson(v: unknown, path: PropertyKey[], issues: Issue[], depth = 0): unknown {
  if (depth > 32) return fail(issues, path, 'JSON nested at most 32 deep', '…')
  if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return v
  if (Array.isArray(v)) {
    const out = v.map((item, i) => checkJson(item, [...path, i], issues, depth + 1))
    return out.includes(FAIL) ? FAIL : out
  }
  if (typeof v !== 'object') return fail(issues, path, 'JSON data', v)
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(v as object)) {
    if (FORBIDDEN_KEYS.has(key)) continue
    const item = checkJson(value, [...path, key], issues, depth + 1)
    if (item === FAIL) return FAIL
    out[key] = item
  }
  return out
}

/** Runs any Standard Schema; ours synchronously, others through their own validate. */
function validateSync(type: StandardSchema, value: unknown, path: PropertyKey[], issues: Issue[]): unknown {
  if (type instanceof Type) return type.check(value, path, issues)
  const result = type['~standard'].validate(value)
  if (result instanceof Promise) throw new TypeError('async schemas are not supported for state fields and arguments')
  if (result.issues) {
    for (const issue of result.issues) issues.push({ message: issue.message, path: [...path, ...(issue.path ?? []).map(keyOf)] })
    return FAIL
  }
  return result.value
}

function keyOf(segment: unknown): PropertyKey {
  return typeof segment === 'object' && segment !== null && 'key' in segment ? (segment.key as PropertyKey) : (segment as PropertyKey)
}

export const t = {
  string: () => scalar('a string', (v) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : FAIL)),
  number: () => scalar('a number', toNumber),
  int: () => scalar('an integer', (v) => {
    const n = toNumber(v)
    return n !== FAIL && Number.isInteger(n) ? n : FAIL
  }),
  boolean: () => scalar('a boolean', (v) => {
    if (typeof v === 'boolean') return v
    const word = String(v).toLowerCase()
    return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) && v !== undefined ? false : FAIL
  }),
  enum: <const V extends readonly (string | number)[]>(...values: V) =>
    scalar<V[number]>(`one of ${values.join(', ')}`, (v) => values.find((x) => String(x) === String(v)) ?? FAIL),
  array: <T>(item: StandardSchema<T>) =>
    new Type<T[]>((v, path, issues) => {
      const list = v === undefined ? [] : Array.isArray(v) ? v : [v]
      const out = list.map((x, i) => validateSync(item, x, [...path, i], issues))
      return out.includes(FAIL) ? FAIL : (out as T[])
    }, 'a list'),
  object: <S extends Shape>(shape: S) =>
    new Type<InferShape<S>>((v, path, issues) => checkShape(shape, v, path, issues), 'an object'),
  json: () => new Type<unknown>((v, path, issues) => checkJson(v, path, issues), 'JSON data'),
  /** A record of your data layer: the token carries `model.key(record)`, a rebuild calls `model.load(key)`. */
  model: <R, K extends string | number>(model: Model<R, K>) => {
    const type = new Type<R>((v, path, issues) => {
      if (typeof v === 'string' || typeof v === 'number') return v as unknown as R
      if (typeof v === 'object' && v !== null) return model.key(v as R) as unknown as R
      return fail(issues, path, 'a record or its key', v)
    }, 'a record')
    type.model = model as unknown as Model<never>
    return type
  },
}

/** Replaces the keys of model fields with their records (null when a record is gone). Records pass as they are. */
export function loadModels(shape: Shape, values: Record<string, unknown>): Record<string, unknown> | Promise<Record<string, unknown>> {
  // most shapes hold no model: their values are returned as they are, with no promise to wait for
  return holdsModels(shape) ? loadEach(shape, values) : values
}

const withModels = new WeakMap<Shape, boolean>()

function holdsModels(shape: Shape): boolean {
  let holds = withModels.get(shape)
  if (holds === undefined) withModels.set(shape, (holds = Object.values(shape).some((type) => (type as Type<unknown>).model)))
  return holds
}

async function loadEach(shape: Shape, values: Record<string, unknown>): Promise<Record<string, unknown>> {
  for (const [name, type] of Object.entries(shape)) {
    const model = (type as Type<unknown>).model
    const value = values[name]
    if (!model || (typeof value !== 'string' && typeof value !== 'number')) continue
    values[name] = (await model.load(value as never)) ?? null
  }
  return values
}

export class ValidationError extends Error {
  constructor(readonly issues: ReadonlyArray<Issue>, what: string) {
    super(`${what}: ${issues.map((i) => `${(i.path ?? []).join('.') || 'value'} ${i.message}`).join('; ')}`)
  }
}

/** Validates `value` against a shape of fields; unknown keys are dropped. Throws ValidationError. */
export function parseShape<S extends Shape>(shape: S, value: unknown, what: string): InferShape<S> {
  const issues: Issue[] = []
  const out = checkShape(shape, value ?? {}, [], issues)
  if (out === FAIL) throw new ValidationError(issues, what)
  return out
}

/** Validates handler arguments against their declaration: a shape of fields, or any Standard Schema. */
export function validate(declared: Shape | StandardSchema, value: unknown, what: string): Record<string, unknown> | Promise<Record<string, unknown>> {
  // a shape checks at once (no promise to wait for on every event); a Standard Schema may be async
  return '~standard' in declared ? validateSchema(declared as StandardSchema, value, what) : parseShape(declared as Shape, value, what)
}

async function validateSchema(declared: StandardSchema, value: unknown, what: string): Promise<Record<string, unknown>> {
  const result = await declared['~standard'].validate(value)
  if (result.issues) throw new ValidationError(result.issues, what)
  return result.value as Record<string, unknown>
}
