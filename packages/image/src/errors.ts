/** Why a byte buffer could not be turned into pixels. */
export type ImageDecodeErrorCode = 'EMPTY' | 'TRUNCATED' | 'UNSUPPORTED_FORMAT' | 'TOO_LARGE' | 'CORRUPT';

/**
 * Thrown for every problem with the image bytes themselves. `code` is stable and meant for
 * programs; `message` says what was wrong and what to do about it, for people.
 */
export class ImageDecodeError extends Error {
  readonly code: ImageDecodeErrorCode;

  constructor(code: ImageDecodeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImageDecodeError';
    this.code = code;
  }
}

/** Why a file path cannot be read here (node-file.ts and its portable twin). */
export const FILE_PATHS_NEED_NODE = 'reading an image from a file path needs Node.js (or Deno); pass bytes, a Blob, ImageData or pixels';

/** Thrown when the caller passes something that is not an image input or an invalid option. */
export class ImageInputError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = 'ImageInputError';
  }
}

/** Thrown when a model handed to `loadImageClassifier` cannot serve as a two-class image classifier. */
export class ClassifierModelError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClassifierModelError';
  }
}
