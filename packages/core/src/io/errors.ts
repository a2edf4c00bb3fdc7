/**
 * Typed errors of model saving and loading. Every message names the file or weight, what was
 * expected, what was found and the fix.
 */
import { NeuriteError, UnknownNameError } from '../errors.js';

/** model.json (or the artifacts object) is not valid JSON or not a TF.js layers-format model. */
export class ModelFormatError extends NeuriteError {
  override name = 'ModelFormatError';
}

/** The weights do not fit the manifest or the model: sizes, shapes, dtypes, non-finite values, limits. */
export class WeightDataError extends NeuriteError {
  override name = 'WeightDataError';
}

/** Why file paths fail outside Node/Deno (the portable build, or a runtime without node:fs). */
export const FILE_PATHS_NEED_NODE = 'saving/loading by file path needs Node.js (or Deno); pass a URL, in-memory artifacts or a handler';

/** A file or URL could not be read or written (missing file, HTTP error, unsupported destination). */
export class ModelIOError extends NeuriteError {
  override name = 'ModelIOError';
}

/** model.json names a layer class that is neither built in nor passed in `customLayers`. */
export class UnknownLayerError extends UnknownNameError {
  override name = 'UnknownLayerError';
  constructor(className: string, known: readonly string[], where: string) {
    super('layer class', className, known);
    this.message =
      `${where}: unknown layer class '${className}'. Known layer classes: ${known.join(', ')}. ` +
      `For a custom layer, pass its class: loadModel(source, { customLayers: { ${safeIdentifier(className)} } }) ` +
      `(the class needs \`static className = '${className}'\`), or call registerLayer(${safeIdentifier(className)}) once.`;
  }
}

function safeIdentifier(name: string): string {
  return /^[A-Za-z_$][\w$]{0,63}$/.test(name) ? name : 'MyLayer';
}
