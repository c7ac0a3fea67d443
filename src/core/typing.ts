// Types only: what a TypeScript app gets from its declarations. The arguments a handler receives, inferred from
// its declaration in `static handlers` (`Args<typeof X, 'set_to'>`); the check that each handler's parameter
// accepts what its declaration produces (run on the classes given to `new Reactor({ components })` and
// `reactor.register`); and the app's user type, declared once (`Register`) or per class (`Component<User>`).
import type { Infer, Shape, StandardSchema } from './schema.js'

/**
 * Declare your app's user once, for every component's `this.user`:
 * `declare module 'koa-reactor' { interface Register { user: User } }`. Without it, `this.user` is `unknown`
 * unless the class says `extends Component<User>`.
 */
export interface Register {}

/** The app's user type: `Register['user']` when declared, else unknown. */
export type RegisteredUser = Register extends { user: infer U } ? U : unknown

type Simplify<T> = { [K in keyof T]: T[K] } & {}
type Optional<S extends Shape> = { [K in keyof S]: undefined extends Infer<S[K]> ? K : never }[keyof S]

/** What a shape of fields produces: a field that may be absent is optional (validation leaves it out). */
export type InferFields<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, Optional<S>>]: Infer<S[K]> } & { [K in Optional<S>]?: Infer<S[K]> }
>

/** What a handler's declaration (a shape of fields or a Standard Schema) hands the handler. */
export type ArgsOfDeclaration<D> = D extends StandardSchema<infer T> ? T : D extends Shape ? InferFields<D> : never

type Declarations<C> = (C extends { handlers: infer H } ? H : {}) & (C extends { internal: infer I } ? I : {})

/** The arguments handler `name` of class `C` receives: `set_to({ amount }: Args<typeof XCounter, 'set_to'>)`. */
export type Args<C, Name extends keyof Declarations<C>> = ArgsOfDeclaration<Declarations<C>[Name]>

type FirstParameter<M> = M extends (...args: infer A) => unknown ? (A extends [] ? unknown : A[0]) : never

/** The handlers of `C` whose method's parameter does not accept what their declaration produces. */
type Mismatched<C, D> = string extends keyof D
  ? never
  : C extends { prototype: infer I }
    ? { [K in keyof D & keyof I]: ArgsOfDeclaration<D[K]> extends FirstParameter<I[K]> ? never : K }[keyof D & keyof I]
    : never

type Misdeclared<C> = Mismatched<C, C extends { handlers: infer H } ? H : {}> | Mismatched<C, C extends { internal: infer I } ? I : {}>

/**
 * A component class as given to the Reactor: a class whose handler's parameter type differs from what its
 * declaration produces is a compile error naming the handler (`unknown`, no constraint, when all agree).
 */
export type CheckedClass<C> = [Misdeclared<C>] extends [never]
  ? unknown
  : { [K in Misdeclared<C> & string as `${K}(): its parameter's type differs from its declaration in static handlers`]: Args<C, K> }

/** Each class of a list, checked. */
export type CheckedClasses<Cs extends readonly unknown[]> = { [I in keyof Cs]: CheckedClass<Cs[I]> }
