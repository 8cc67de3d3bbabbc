// What the contract generator reads: the API the client speaks, and tRPC's types, which the
// contract refers to by name (@trpc/client needs @trpc/server's types anyway).
export type * as api from '@taskchat/api';
export type * as trpc from '@trpc/server';
