/**
 * Keeps each worker's copy of a model equal to the caller's model. The first use sends the model
 * in the TF.js layers format (saveModel 'memory' artifacts); later uses send new weight values only
 * when something changed them (setWeights, a single-thread fit, …), told by each weight's version
 * number (`residentVersion` in @neurite/kernels): every write to a Variable's values — `assign`,
 * `markChanged`, a kernel writing it — gives it a new one, the contract WASM memory's resident copy
 * of the weights relies on too. Comparing numbers instead of the values spares packing a copy of
 * every weight after each training step and reading them all on every call (76 MB for the seed
 * CNN). A changed layer stack (a layer added, a config changed) sends the whole model again.
 * Everything here is synchronous: each worker handles its messages in the order they were posted.
 */
import { residentVersion } from '@neurite/kernels';
import { modelToArtifacts } from '../io/serialize.js';
import type { Sequential } from '../model/sequential.js';
import type { TypedArray } from '../tensor.js';
import type { Variable } from '../variable.js';
import { ownsBuffer } from './protocol.js';
import type { ThreadPort } from './thread-port.js';

interface Synced {
  id: number;
  /** The layer configs the workers' copy was built from (JSON). */
  topology: string;
  /** Each weight's version (in `model.weights` order) when the workers got its values; empty when they must be resent. */
  versions: number[];
}

export class ModelSync {
  private readonly synced = new WeakMap<Sequential, Synced>();
  private nextId = 1;
  /** Frees the workers' copy of a model the caller's program no longer references. */
  private readonly collected = new FinalizationRegistry<number>((id) => this.release(id));

  constructor(private readonly ports: readonly ThreadPort[]) {}

  /**
   * Runs `post(id)` (which posts requests about `model` and returns their answers) against current
   * copies of the model: the first use or a changed layer stack loads it first, changed weights
   * are sent first.
   */
  current<T>(model: Sequential, post: (id: number) => Promise<T>[]): Promise<T[]> {
    const topology = topologyKey(model);
    const known = this.synced.get(model);
    if (known === undefined || known.topology !== topology) {
      if (known !== undefined) this.release(known.id);
      return Promise.all(post(this.load(model, topology)));
    }
    if (!sameVersions(model.weights, known.versions)) this.broadcast(model);
    return Promise.all(post(known.id));
  }

  /**
   * Sends the model's current weights to every worker (after a training step changed them): one
   * copy per worker, moved (not cloned) into it. `spare[i]` may hold arrays, keyed by weight, the
   * copies for worker i can be written into instead of new ones (the gradient arrays the workers
   * just sent: reusing them spares allocating and page-faulting tens of MB per step).
   */
  broadcast(model: Sequential, spare: readonly Map<Variable, TypedArray>[] = []): void {
    const known = this.synced.get(model);
    if (known === undefined) return;
    const weights = model.weights;
    this.ports.forEach((port, i) => {
      const values = weights.map((w) => {
        const reuse = spare[i]?.get(w);
        const fits = reuse !== undefined && reuse.length === w.size && reuse.constructor === w.data.constructor && ownsBuffer(reuse);
        const copy = fits ? reuse : w.data instanceof Int32Array ? new Int32Array(w.size) : new Float32Array(w.size);
        copy.set(w.data);
        return copy;
      });
      port.send({ kind: 'weights', model: known.id, values }, values.map((v) => v.buffer as ArrayBuffer));
    });
    known.versions = versionsOf(weights);
  }

  /** Records that the workers hold `model`'s current weights (they were sent to them piecewise). */
  markCurrent(model: Sequential): void {
    const known = this.synced.get(model);
    if (known !== undefined) known.versions = versionsOf(model.weights);
  }

  /** Forgets what the workers hold of `model`'s weights (a step failed after they changed some), so the next use resends them. */
  markStale(model: Sequential): void {
    const known = this.synced.get(model);
    if (known === undefined) return;
    known.versions = [];
  }

  private load(model: Sequential, topology: string): number {
    const id = this.nextId++;
    const artifacts = modelToArtifacts(model);
    // The weight buffer is cloned into each worker; the artifacts stay small apart from it.
    for (const port of this.ports) port.send({ kind: 'load', model: id, artifacts });
    this.synced.set(model, { id, topology, versions: versionsOf(model.weights) });
    this.collected.register(model, id);
    return id;
  }

  private release(id: number): void {
    for (const port of this.ports) {
      try {
        port.send({ kind: 'release', model: id });
      } catch {
        // A terminated or failed pool has nothing left to free.
      }
    }
  }
}

/** The model's layer stack as JSON: equal keys build equal models. */
function topologyKey(model: Sequential): string {
  return JSON.stringify([model.inputShape, model.layers.map((l) => [l.getClassName(), l.getConfig()])]);
}

function versionsOf(weights: readonly Variable[]): number[] {
  return weights.map((w) => residentVersion(w.data));
}

/** True when no weight was written since `versions` were taken (-1: a weight without a version, which cannot be vouched for). */
export function sameVersions(weights: readonly Variable[], versions: readonly number[]): boolean {
  return weights.length === versions.length && weights.every((w, i) => versions[i] !== -1 && residentVersion(w.data) === versions[i]);
}
