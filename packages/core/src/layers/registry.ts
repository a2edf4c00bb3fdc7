/**
 * Layer classes by Keras class name, for deserialising model.json (`{class_name, config}`) and
 * for custom layers: `registerLayer(MyLayer)` makes `MyLayer.className` loadable.
 */
import { UnknownNameError, ValueError } from '../errors.js';
import type { Layer, LayerConfig } from './layer.js';

/** A layer class: constructible from camelCase args, with a static Keras className. */
export interface LayerClass {
  className: string;
  new (args: never): Layer;
  /** Optional custom deserialiser (snake_case config → layer). */
  fromConfig?(config: LayerConfig): Layer;
}

const registry = new Map<string, LayerClass>();

export function registerLayer(cls: LayerClass): void {
  if (typeof cls?.className !== 'string' || cls.className === 'Layer') {
    throw new ValueError('registerLayer: the class needs its own `static className = \'MyLayer\'`.');
  }
  registry.set(cls.className, cls);
}

export function getLayerClass(className: string): LayerClass {
  const cls = registry.get(className);
  if (cls === undefined) throw new UnknownNameError('layer class', className, [...registry.keys()]);
  return cls;
}

export function registeredLayerNames(): string[] {
  return [...registry.keys()];
}
