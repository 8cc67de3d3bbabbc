import type { AnyProcedure, AnyRouter, inferProcedureOutput, TRPCRouterRecord } from '@trpc/server';

/** The paths (`chat.send`) of a router record's queries and mutations whose output is an async iterable. */
type StreamedIn<TRecord extends TRPCRouterRecord, TPrefix extends string> = {
  [TKey in keyof TRecord & string]: TRecord[TKey] extends AnyProcedure
    ? TRecord[TKey]['_def']['type'] extends 'subscription'
      ? never
      : inferProcedureOutput<TRecord[TKey]> extends AsyncIterable<unknown>
        ? `${TPrefix}${TKey}`
        : never
    : TRecord[TKey] extends TRPCRouterRecord
      ? StreamedIn<TRecord[TKey], `${TPrefix}${TKey}.`>
      : never;
}[keyof TRecord & string];

/**
 * The procedures of `TRouter` whose answer streams (a query or mutation returning an async
 * iterable): they need the streaming link; the batching one would get a 415. Subscriptions have
 * their own link and are not among them.
 */
export type StreamedProcedurePath<TRouter extends AnyRouter> = StreamedIn<TRouter['_def']['record'], ''>;

/**
 * `list` as it is, compiling only when it names every path of `TPaths` and nothing else:
 * `exactList<StreamedProcedurePath<AppRouter>>()(['chat.send'])`.
 */
export function exactList<TPaths extends string>() {
  return <const TList extends readonly TPaths[]>(list: TList & NoInfer<Exhaustive<TList, TPaths>>): TList => list;
}

/** Nothing more to ask when `TList` has every path; otherwise an error naming the missing ones. */
type Exhaustive<TList extends readonly string[], TPaths extends string> = [Exclude<TPaths, TList[number]>] extends [
  never,
]
  ? unknown
  : { missing: Exclude<TPaths, TList[number]> };
