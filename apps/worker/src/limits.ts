/** Request limits of the Worker (Cloudflare gives an isolate 128 MB; a decoded 12-megapixel photo is 48 MB of RGBA). */
export const LIMITS = {
  /** Largest accepted POST /classify body. */
  imageBytes: 8 * 1024 * 1024,
  /** Largest decoded image (width × height); bigger ones get 413 before their pixels are allocated. */
  imagePixels: 12_000_000,
  /** Largest accepted POST /sentiment body. */
  jsonBytes: 64 * 1024,
  /** Most texts in one POST /sentiment. */
  texts: 64,
  /** Longest single text, in characters (the model reads its last 40 tokens anyway). */
  textChars: 5_000,
} as const;
