// The stream-name grammar is shared language (deciders name their streams with it); the store re-exports it.
export { categoryOf, idOf, streamName } from '@roaming/shared-kernel';
