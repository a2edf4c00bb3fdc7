// jpeg-js ships types only for its index (which also pulls in the encoder); we import the decoder alone.
declare module 'jpeg-js/lib/decoder.js' {
  export default function decode(
    data: Uint8Array | ArrayBuffer,
    options: {
      useTArray: true;
      formatAsRGBA?: boolean;
      colorTransform?: boolean;
      tolerantDecoding?: boolean;
      maxResolutionInMP?: number;
      maxMemoryUsageInMB?: number;
    },
  ): { width: number; height: number; data: Uint8Array };
}
