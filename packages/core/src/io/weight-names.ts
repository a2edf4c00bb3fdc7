/**
 * The names TF.js gives a Sequential model's weights in a manifest: `<layer>/<weight>` (e.g.
 * `dense_Dense1/kernel`), and for Bidirectional `<wrapper>/forward_<inner>/<weight>` and
 * `<wrapper>/backward_<inner>/<weight>`. TF.js matches weights to variables by these names.
 */
import { Bidirectional } from '../layers/bidirectional.js';
import type { Layer } from '../layers/layer.js';
import type { Variable } from '../variable.js';

export interface NamedWeight {
  name: string;
  variable: Variable;
  layer: Layer;
}

export function namedWeights(layers: readonly Layer[]): NamedWeight[] {
  return layers.flatMap((layer): NamedWeight[] => {
    if (layer instanceof Bidirectional) {
      const inner = layer.forwardLayer.name;
      return [
        ...scoped(layer.forwardLayer, `${layer.name}/forward_${inner}`, layer),
        ...scoped(layer.backwardLayer, `${layer.name}/backward_${inner}`, layer),
      ];
    }
    return scoped(layer, layer.name, layer);
  });
}

/** `<scope>/<short name>`, where the short name is the variable's name without its layer prefix. */
function scoped(layer: Layer, scope: string, owner: Layer): NamedWeight[] {
  const prefix = `${layer.name}/`;
  return layer.weights.map((variable) => {
    const short = variable.name.startsWith(prefix) ? variable.name.slice(prefix.length) : variable.name;
    return { name: `${scope}/${short}`, variable, layer: owner };
  });
}
