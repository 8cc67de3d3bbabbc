// The router is imported as a type only: this package pulls in no server code at run time. The
// published build replaces `@taskchat/api` by the generated contract (build/generate-contract.ts).
export type {
  AppRouter,
  ChatEvent,
  ConversationChange,
  ConversationStreamEvent,
  DeliveredReminder,
  MessagePart,
  RouterInputs,
  RouterOutputs,
  TaskChange,
  TaskEffect,
  TurnProgress,
} from '@taskchat/api';
export {
  createTaskchatClient,
  MAX_BATCH_SIZE,
  type TaskchatClient,
  type TaskchatClientOptions,
  type TokenSource,
} from './client.ts';
export { CONTRACT_VERSION, type Compatibility, checkCompatibility, isCompatible } from './compatibility.ts';
export { errorCode, isTaskchatError } from './errors.ts';
