// class-transformer ships no typings for its deep import of the metadata storage; these are its own.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
