/** Initialiser lookup by Keras name (snake_case or camelCase), class name, serialised config or instance. */
import { UnknownNameError, ValueError } from '../errors.js';
import { Constant, Ones, RandomNormal, RandomUniform, TruncatedNormal, Zeros } from './basic.js';
import { Initializer, type InitializerConfig } from './initializer.js';
import { Orthogonal } from './orthogonal.js';
import { VarianceScaling, glorotNormal, glorotUniform, heNormal, heUniform, lecunNormal, lecunUniform } from './variance-scaling.js';

export { Initializer, computeFans, type InitializerConfig } from './initializer.js';
export { Constant, Ones, RandomNormal, RandomUniform, TruncatedNormal, Zeros } from './basic.js';
export { Orthogonal } from './orthogonal.js';
export { VarianceScaling, glorotNormal, glorotUniform, heNormal, heUniform, lecunNormal, lecunUniform } from './variance-scaling.js';

type Factory = (config: Record<string, unknown>) => Initializer;

const BY_NAME: Record<string, Factory> = {
  zeros: () => new Zeros(),
  ones: () => new Ones(),
  constant: (c) => new Constant(c as { value: number }),
  random_normal: (c) => new RandomNormal(c),
  random_uniform: (c) => new RandomUniform(c),
  truncated_normal: (c) => new TruncatedNormal(c),
  glorot_uniform: (c) => glorotUniform(c),
  glorot_normal: (c) => glorotNormal(c),
  he_normal: (c) => heNormal(c),
  he_uniform: (c) => heUniform(c),
  lecun_normal: (c) => lecunNormal(c),
  lecun_uniform: (c) => lecunUniform(c),
  orthogonal: (c) => new Orthogonal(c),
  variance_scaling: (c) => new VarianceScaling(c),
};

/** 'glorotUniform' | 'GlorotUniform' | 'glorot_uniform' → 'glorot_uniform'. */
function canonical(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

export type InitializerIdentifier = string | Initializer | InitializerConfig;

/** Resolves any accepted initialiser form to an instance. */
export function getInitializer(id: InitializerIdentifier): Initializer {
  if (id instanceof Initializer) return id;
  if (typeof id === 'string') {
    const make = BY_NAME[canonical(id)];
    if (make === undefined) throw new UnknownNameError('initializer', id, Object.keys(BY_NAME));
    return make({});
  }
  if (id !== null && typeof id === 'object' && typeof (id as InitializerConfig).class_name === 'string') {
    const { class_name, config } = id as InitializerConfig;
    const make = BY_NAME[canonical(class_name)];
    if (make === undefined) throw new UnknownNameError('initializer', class_name, Object.keys(BY_NAME));
    return make(config ?? {});
  }
  throw new ValueError(`Expected an initializer name, instance or {class_name, config}, got ${JSON.stringify(id)}.`);
}

/** Lowercase factories: `initializers.glorotUniform({seed: 1})`. */
export const initializers = {
  zeros: () => new Zeros(),
  ones: () => new Ones(),
  constant: (a: { value: number }) => new Constant(a),
  randomNormal: (a: ConstructorParameters<typeof RandomNormal>[0] = {}) => new RandomNormal(a),
  randomUniform: (a: ConstructorParameters<typeof RandomUniform>[0] = {}) => new RandomUniform(a),
  truncatedNormal: (a: ConstructorParameters<typeof TruncatedNormal>[0] = {}) => new TruncatedNormal(a),
  glorotUniform,
  glorotNormal,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  orthogonal: (a: { gain?: number; seed?: number | null } = {}) => new Orthogonal(a),
  varianceScaling: (a: ConstructorParameters<typeof VarianceScaling>[0] = {}) => new VarianceScaling(a),
};
